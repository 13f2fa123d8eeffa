import { describe, expect, it } from 'vitest'
import { buildTrace, computeCriticalPath, type Trace } from '../../../src/domain/trace'
import { rawSpan } from './rawSpan'

const path = (t: Trace) => computeCriticalPath(t).map((c) => [t.spans[c.spanIndex]!.spanId.slice(-1), c.startUs, c.endUs])

describe('computeCriticalPath', () => {
  it('sequential children are all on the path, with the parent filling the gaps', () => {
    const t = buildTrace([
      rawSpan('0a', { startUs: 0 + 1, durationUs: 100 }),
      rawSpan('0b', { parentSpanId: '0a', startUs: 11, durationUs: 30 }),
      rawSpan('0c', { parentSpanId: '0a', startUs: 51, durationUs: 30 }),
    ])
    expect(path(t)).toEqual([
      ['a', 1, 11],
      ['b', 11, 41],
      ['a', 41, 51],
      ['c', 51, 81],
      ['a', 81, 101],
    ])
  })

  it('of overlapping children only the last to finish blocks; the earlier one resumes before it', () => {
    const t = buildTrace([
      rawSpan('0a', { startUs: 1, durationUs: 100 }),
      rawSpan('0b', { parentSpanId: '0a', startUs: 11, durationUs: 60 }),
      rawSpan('0c', { parentSpanId: '0a', startUs: 21, durationUs: 70 }),
    ])
    expect(path(t)).toEqual([
      ['a', 1, 21],
      ['c', 21, 91],
      ['a', 91, 101],
    ])
  })

  it('the path covers the root exactly once end to end', () => {
    const spans = [rawSpan('01', { startUs: 1, durationUs: 10_000 })]
    for (let i = 2; i < 300; i++) {
      spans.push(rawSpan(i.toString(16), { parentSpanId: Math.floor(i / 2).toString(16), startUs: 1 + i * 7, durationUs: 5000 - i * 10 }))
    }
    const t = buildTrace(spans)
    const segments = computeCriticalPath(t)
    expect(segments[0]!.startUs).toBe(1)
    expect(segments.at(-1)!.endUs).toBe(10_001)
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.startUs).toBe(segments[i - 1]!.endUs)
  })

  it('a 20,000-deep chain needs no recursion', () => {
    const n = 20_000
    const spans = Array.from({ length: n }, (_, i) =>
      rawSpan((i + 1).toString(16), { parentSpanId: i === 0 ? undefined : i.toString(16), startUs: 1 + i, durationUs: 2 * (n - i) }),
    )
    const segments = computeCriticalPath(buildTrace(spans))
    expect(segments).toHaveLength(2 * n - 1)
  })

  it('an empty trace has no path', () => {
    expect(computeCriticalPath(buildTrace([]))).toEqual([])
  })
})
