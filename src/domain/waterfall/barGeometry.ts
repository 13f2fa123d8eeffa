export interface BarGeometry {
  /** Percent of the visible window. */
  left: number
  width: number
  /** The span lies entirely outside the window. */
  outside: boolean
}

/**
 * Where a span's bar sits in the visible window `[fromUs, toUs]` (offsets from the trace start),
 * clipped to the window. Widths are never negative; a zero-length span gets width 0 and the row
 * draws a minimum-width mark.
 */
export function barGeometry(startUs: number, durationUs: number, fromUs: number, toUs: number): BarGeometry {
  const span = toUs - fromUs
  if (!(span > 0)) return { left: 0, width: 0, outside: true }
  const end = startUs + (durationUs > 0 ? durationUs : 0)
  const outside = end < fromUs || startUs > toUs
  const a = Math.min(Math.max(startUs, fromUs), toUs)
  const b = Math.min(Math.max(end, fromUs), toUs)
  return { left: ((a - fromUs) / span) * 100, width: ((b - a) / span) * 100, outside }
}

export interface ZoomWindow {
  /** Fractions of the trace duration, 0 ≤ from < to ≤ 1. */
  from: number
  to: number
}

export const FULL_WINDOW: ZoomWindow = { from: 0, to: 1 }
const MIN_WIDTH = 0.001

/** A window from two drag positions (any order, any values), clamped and never thinner than 0.1%. */
export function windowFromDrag(a: number, b: number): ZoomWindow {
  const clamp = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)
  let from = Math.min(clamp(a), clamp(b))
  let to = Math.max(clamp(a), clamp(b))
  if (to - from < MIN_WIDTH) {
    const mid = (from + to) / 2
    from = Math.max(0, Math.min(1 - MIN_WIDTH, mid - MIN_WIDTH / 2))
    to = from + MIN_WIDTH
  }
  return { from, to }
}

/**
 * The minimap's keyboard: `+`/`=` halves the window around its centre, `-` doubles it, the
 * arrows move it by a quarter of its width (Shift: a whole width), Home/End jump to either end,
 * `0` and Escape show the whole trace. Undefined for any other key.
 */
export function zoomByKey(w: ZoomWindow, key: string, shift = false): ZoomWindow | undefined {
  const width = w.to - w.from
  const mid = (w.from + w.to) / 2
  const placed = (from: number, size: number): ZoomWindow => {
    const s = Math.min(1, Math.max(MIN_WIDTH, size))
    const f = Math.min(1 - s, Math.max(0, from))
    return { from: f, to: f + s }
  }
  switch (key) {
    case '+':
    case '=':
      return placed(mid - width / 4, width / 2)
    case '-':
    case '_':
      return placed(mid - width, width * 2)
    case 'ArrowLeft':
      return placed(w.from - width * (shift ? 1 : 0.25), width)
    case 'ArrowRight':
      return placed(w.from + width * (shift ? 1 : 0.25), width)
    case 'Home':
      return placed(0, width)
    case 'End':
      return placed(1 - width, width)
    case '0':
    case 'Escape':
      return FULL_WINDOW
    default:
      return undefined
  }
}

/** `0.2-0.35` in the URL. */
export function formatZoom(w: ZoomWindow): string | undefined {
  if (w.from <= 0 && w.to >= 1) return undefined
  return `${round(w.from)}-${round(w.to)}`
}

export function parseZoom(text: string | undefined): ZoomWindow {
  const m = /^(\d*\.?\d+)-(\d*\.?\d+)$/.exec(text ?? '')
  if (!m) return FULL_WINDOW
  const from = Number(m[1])
  const to = Number(m[2])
  if (!(from >= 0 && to <= 1 && from < to)) return FULL_WINDOW
  return windowFromDrag(from, to)
}

function round(v: number): string {
  return String(Math.round(v * 10000) / 10000)
}
