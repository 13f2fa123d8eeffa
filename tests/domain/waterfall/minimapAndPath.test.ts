import { describe, expect, it } from 'vitest'
import { computeCriticalPath } from '@/domain/trace'
import { criticalPathMarks, minimapDensity, pathSegmentsOf, toWaterfallData } from '@/domain/waterfall'
import { sampleTrace } from '../../support/tracesHarness'

describe('minimap density', () => {
  const trace = sampleTrace()
  const d = toWaterfallData(trace)

  it('covers each span row across the columns of its time range; errors counted apart', () => {
    const m = minimapDensity(d, 10, 6)
    const row = (r: number): number[] => [...m.spans.subarray(r * 10, r * 10 + 10)]
    expect(row(0)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(row(5).slice(0, 5)).toEqual([0, 0, 0, 0, 0])
    expect(row(5).slice(5, 9)).toEqual([1, 1, 1, 1])
    expect([...m.errors.subarray(50, 60)].some((v) => v > 0)).toBe(true)
    expect([...m.errors.subarray(0, 10)].every((v) => v === 0)).toBe(true)
  })

  it('stretches few spans over many pixel rows and folds many spans into few', () => {
    expect(minimapDensity(d, 4, 60).spans.slice(0, 4).every((v) => v === 1)).toBe(true)
    expect(minimapDensity(d, 4, 2).max).toBeGreaterThanOrEqual(3)
  })
})

describe('critical path marks', () => {
  it('flags the rows on the path and keeps each row’s stretches relative to the trace start', () => {
    const trace = sampleTrace()
    const marks = criticalPathMarks(trace.spans.length, computeCriticalPath(trace), trace.startUs)
    // Walking back from the root's end: b (ends last), its child b1, then a, a2 and a1.
    expect([...marks.onPath]).toEqual([1, 1, 1, 1, 1, 1])
    expect(pathSegmentsOf(marks, 5)).toEqual([[500, 920]])
    expect(pathSegmentsOf(marks, 4)).toEqual([[450, 500], [920, 950]])
    expect(pathSegmentsOf(marks, 0)).toEqual([[0, 10], [410, 450], [950, 1000]])
    expect(marks.totalUs).toBe(1000)
  })
})
