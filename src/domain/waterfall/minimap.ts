import { SPAN_ERROR } from './waterfallData'

/** What the density needs of the rows: the waterfall's data, or a trace's own rows. */
export interface MinimapRows {
  count: number
  traceDurationUs: number
  /** Subtracted from `startUs` (a trace's rows hold absolute times; the waterfall's relative). */
  originUs?: number
  startUs: Float64Array
  durationUs: Float64Array
  flags: Uint8Array
}

export interface MinimapDensity {
  cols: number
  rows: number
  /** Spans covering each cell, row-major (`rows × cols`). */
  spans: Uint32Array
  /** Error spans covering each cell. */
  errors: Uint32Array
  /** Largest value of `spans`, to scale shading. */
  max: number
}

/**
 * The whole trace squeezed into a `rows × cols` grid for the minimap: pre-order row `i` covers
 * grid rows `⌊i·rows/n⌋ … ⌊(i+1)·rows/n⌋ - 1` (at least one), its time range the columns it
 * spans. A difference array per grid row keeps it O(spans + cells) even at 100,000 spans,
 * whatever their durations.
 */
export function minimapDensity(d: MinimapRows, cols: number, rows: number): MinimapDensity {
  const c = Math.max(1, Math.floor(cols))
  const r = Math.max(1, Math.floor(rows))
  const spanDiff = new Int32Array(r * (c + 1))
  const errorDiff = new Int32Array(r * (c + 1))
  const total = d.traceDurationUs > 0 ? d.traceDurationUs : 1
  const origin = d.originUs ?? 0
  for (let i = 0; i < d.count; i++) {
    const row0 = Math.min(r - 1, Math.floor((i * r) / d.count))
    const row1 = Math.max(row0, Math.min(r - 1, Math.floor(((i + 1) * r) / d.count) - 1))
    const start = (d.startUs[i] as number) - origin
    const x0 = Math.min(c - 1, Math.max(0, Math.floor((start / total) * c)))
    const x1 = Math.min(c - 1, Math.max(x0, Math.ceil(((start + (d.durationUs[i] as number)) / total) * c) - 1))
    const error = ((d.flags[i] as number) & SPAN_ERROR) !== 0
    for (let row = row0; row <= row1; row++) {
      const base = row * (c + 1)
      spanDiff[base + x0]!++
      spanDiff[base + x1 + 1]!--
      if (error) {
        errorDiff[base + x0]!++
        errorDiff[base + x1 + 1]!--
      }
    }
  }
  const spans = new Uint32Array(r * c)
  const errors = new Uint32Array(r * c)
  let max = 0
  for (let row = 0; row < r; row++) {
    let s = 0
    let e = 0
    for (let x = 0; x < c; x++) {
      s += spanDiff[row * (c + 1) + x] as number
      e += errorDiff[row * (c + 1) + x] as number
      spans[row * c + x] = s
      errors[row * c + x] = e
      if (s > max) max = s
    }
  }
  return { cols: c, rows: r, spans, errors, max }
}
