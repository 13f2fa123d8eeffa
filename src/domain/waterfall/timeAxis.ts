import { formatDurationUs } from '../time/durations'

export interface TimeTick {
  /** µs from the trace start. */
  offsetUs: number
  /** 0…1 across the visible window. */
  fraction: number
  label: string
}

const STEPS = [1, 2, 5]

/** The smallest 1-2-5 step (µs) that keeps the window to at most `maxTicks` intervals. */
export function tickStepUs(spanUs: number, maxTicks: number): number {
  if (!(spanUs > 0) || maxTicks < 1) return 1
  const raw = spanUs / maxTicks
  let magnitude = Math.pow(10, Math.floor(Math.log10(raw)))
  for (;;) {
    for (const s of STEPS) if (s * magnitude >= raw) return Math.max(1, s * magnitude)
    magnitude *= 10
  }
}

/**
 * Ticks on round offsets from the trace start (0, 250ms, 500ms…) across the visible window
 * `[fromUs, toUs]` (offsets from the trace start), labelled as durations.
 */
export function timeTicks(fromUs: number, toUs: number, maxTicks = 6): TimeTick[] {
  const span = toUs - fromUs
  if (!(span > 0)) return [{ offsetUs: fromUs, fraction: 0, label: formatDurationUs(fromUs) }]
  const step = tickStepUs(span, maxTicks)
  const ticks: TimeTick[] = []
  for (let v = Math.ceil(fromUs / step) * step; v <= toUs + step * 1e-9; v += step) {
    ticks.push({ offsetUs: v, fraction: (v - fromUs) / span, label: formatDurationUs(v) })
  }
  return ticks
}
