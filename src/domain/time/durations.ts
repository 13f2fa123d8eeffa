const HUMAN_UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000 }

/**
 * Reads a duration a user typed in a trace filter (`250ms`, `2s`, `1.5m`, `800us`) as µs.
 * A bare number is taken as milliseconds, the unit people mean in latency talk.
 */
export function parseHumanDurationUs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)?\s*$/i.exec(text)
  if (!m) return undefined
  const value = Number(m[1])
  const unit = HUMAN_UNIT_US[(m[2] ?? 'ms').toLowerCase()]
  if (unit === undefined || !Number.isFinite(value)) return undefined
  return Math.round(value * unit)
}

/** `850µs`, `12.3ms`, `2.50s`, `3m 05s`: three significant figures where it matters. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '–'
  const abs = Math.abs(us)
  if (abs < 1000) return `${Math.round(us)}µs`
  if (abs < 1_000_000) return `${trim(us / 1000)}ms`
  if (abs < 60_000_000) return `${trim(us / 1_000_000)}s`
  const totalS = Math.round(us / 1_000_000)
  const m = Math.floor(totalS / 60)
  if (m < 60) return `${m}m ${String(totalS % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

export function formatDurationMs(ms: number): string {
  return formatDurationUs(ms * 1000)
}

function trim(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2
  return v.toFixed(digits)
}
