import type { CriticalPathSegment } from '../trace'

/**
 * The critical path laid out for drawing: which rows are on it and, per row, the stretches
 * (µs from the trace start) during which that span was what the trace waited on. Segments are
 * grouped by row in CSR form (`offsets[i]…offsets[i + 1]` index pairs in `times`).
 */
export interface CriticalPathMarks {
  onPath: Uint8Array
  offsets: Int32Array
  /** Start/end pairs. */
  times: Float64Array
  /** Total time on the path, µs. */
  totalUs: number
}

export function criticalPathMarks(count: number, segments: readonly CriticalPathSegment[], traceStartUs: number): CriticalPathMarks {
  const onPath = new Uint8Array(count)
  const perRow = new Int32Array(count + 1)
  for (const s of segments) if (s.spanIndex >= 0 && s.spanIndex < count) perRow[s.spanIndex + 1]!++
  for (let i = 0; i < count; i++) perRow[i + 1]! += perRow[i] as number
  const offsets = perRow.slice()
  const fill = perRow.slice(0, count)
  const times = new Float64Array(segments.length * 2)
  let totalUs = 0
  for (const s of segments) {
    if (s.spanIndex < 0 || s.spanIndex >= count) continue
    onPath[s.spanIndex] = 1
    const k = fill[s.spanIndex]!++
    times[k * 2] = s.startUs - traceStartUs
    times[k * 2 + 1] = s.endUs - traceStartUs
    totalUs += s.endUs - s.startUs
  }
  return { onPath, offsets, times, totalUs }
}

/** The stretches of row `i` on the path, µs from the trace start. */
export function pathSegmentsOf(marks: CriticalPathMarks, i: number): [number, number][] {
  const out: [number, number][] = []
  for (let k = marks.offsets[i] as number; k < (marks.offsets[i + 1] as number); k++) {
    out.push([marks.times[k * 2] as number, marks.times[k * 2 + 1] as number])
  }
  return out
}
