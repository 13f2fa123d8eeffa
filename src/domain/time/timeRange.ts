/**
 * Time ranges as views keep them in the URL: relative (`range=1h`, "the last hour", moving
 * with every refresh) or absolute (`from`/`to` in ms since epoch, a window pasted into a chat).
 */
export type TimeRange =
  | { kind: 'relative'; lastMs: number; label: string }
  | { kind: 'absolute'; fromMs: number; toMs: number }

export interface ResolvedWindow {
  fromMs: number
  toMs: number
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** The picker's presets, 15 minutes to 7 days. */
export const RANGE_PRESETS = ['15m', '1h', '3h', '6h', '12h', '24h', '2d', '7d'] as const

/** `15m`, `24h`, `7d` → a relative range; undefined for anything else. */
export function parseRelativeRange(text: string): TimeRange | undefined {
  const m = /^(\d{1,4})([smhdw])$/.exec(text.trim())
  if (!m) return undefined
  const n = Number(m[1])
  const unit = UNIT_MS[m[2] ?? '']
  if (!unit || n <= 0) return undefined
  return { kind: 'relative', lastMs: n * unit, label: `${n}${m[2]}` }
}

export const DEFAULT_RANGE: TimeRange = { kind: 'relative', lastMs: 3_600_000, label: '1h' }

type QueryValue = string | null | undefined | (string | null)[]

function first(v: QueryValue): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s ?? undefined
}

/** Reads a range from route query parameters; anything unreadable falls back to the default. */
export function rangeFromQuery(query: Record<string, QueryValue>, fallback: TimeRange = DEFAULT_RANGE): TimeRange {
  const from = Number(first(query.from))
  const to = Number(first(query.to))
  if (Number.isFinite(from) && Number.isFinite(to) && first(query.from) && first(query.to) && from < to) {
    return { kind: 'absolute', fromMs: from, toMs: to }
  }
  const rel = first(query.range)
  return (rel && parseRelativeRange(rel)) || fallback
}

export function rangeToQuery(range: TimeRange): Record<string, string> {
  return range.kind === 'relative'
    ? { range: range.label }
    : { from: String(Math.round(range.fromMs)), to: String(Math.round(range.toMs)) }
}

export function resolveRange(range: TimeRange, nowMs: number): ResolvedWindow {
  return range.kind === 'relative' ? { fromMs: nowMs - range.lastMs, toMs: nowMs } : { fromMs: range.fromMs, toMs: range.toMs }
}
