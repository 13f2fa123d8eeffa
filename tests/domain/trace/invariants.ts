import { expect } from 'vitest'
import type { Trace } from '../../../src/domain/trace'

/**
 * The structural promises of `Trace.spans` (pre-order rows for a virtual list), checked in one
 * pass so property tests can call it on every generated trace.
 */
export function expectPreorderInvariants(trace: Trace): void {
  const { spans } = trace
  const keys = new Set<string>()
  let tops = 0
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!
    keys.add(s.key)
    expect(Number.isFinite(s.startUs), `start of ${s.key}`).toBe(true)
    expect(Number.isFinite(s.durationUs) && s.durationUs >= 0, `duration of ${s.key}`).toBe(true)
    expect(s.subtreeEnd).toBeGreaterThan(i)
    expect(s.subtreeEnd).toBeLessThanOrEqual(spans.length)
    if (s.parentIndex === -1) {
      tops++
      expect(s.depth).toBe(0)
    } else {
      expect(s.parentIndex).toBeLessThan(i)
      const p = spans[s.parentIndex]!
      expect(s.depth).toBe(p.depth + 1)
      expect(s.subtreeEnd).toBeLessThanOrEqual(p.subtreeEnd)
    }
    let children = 0
    for (let c = i + 1; c < s.subtreeEnd; c = spans[c]!.subtreeEnd) {
      expect(spans[c]!.parentIndex).toBe(i)
      children++
    }
    expect(children).toBe(s.childCount)
  }
  expect(keys.size).toBe(spans.length)
  expect(tops).toBe(trace.rootSpanIds.length)
  expect(trace.spanCount).toBe(spans.length)
}
