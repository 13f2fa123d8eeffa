import type { Trace } from './model'

/**
 * Self time of every span (µs, indexed like `trace.spans`): its duration minus the time covered
 * by its direct children, with children clipped to the parent's window and overlapping children
 * counted once — the rule of jaeger-ui TraceStatistics (a child running past its parent's end
 * only counts up to that end; a child starting after it counts nothing). One linear pass: the
 * children of a span are the rows `i+1, subtreeEnd(i+1), …` and are sorted by start.
 */
export function computeSelfTimes(trace: Trace): Float64Array {
  const spans = trace.spans
  const self = new Float64Array(spans.length)
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!
    const from = span.startUs
    const to = from + span.durationUs
    let covered = 0
    let runStart = 0
    let runEnd = -Infinity
    for (let c = i + 1; c < span.subtreeEnd; c = spans[c]!.subtreeEnd) {
      const child = spans[c]!
      const s = Math.max(from, child.startUs)
      const e = Math.min(to, child.startUs + child.durationUs)
      if (e <= s) continue
      if (s > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart
        runStart = s
        runEnd = e
      } else if (e > runEnd) {
        runEnd = e
      }
    }
    if (runEnd > runStart) covered += runEnd - runStart
    self[i] = Math.max(0, span.durationUs - covered)
  }
  return self
}
