/** A log timestamp: epoch milliseconds, plus what finer digits the source had. */
export interface LogTimestamp {
  /** Milliseconds since the epoch (whole milliseconds). */
  timeMs: number
  /** Nanoseconds beyond `timeMs` (0–999,999), when the source had more than millisecond digits. */
  subMsNanos?: number
  /** ISO 8601 in UTC, with all the fraction digits the source had (up to nanoseconds). */
  iso: string
}

// Date-only, or date-time with optional seconds, fraction (any length) and zone.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/
// epoch_millis as a string, with an optional fraction: the OTel mapping mode writes
// "@timestamp": "1710273641123.456789" (elasticsearchexporter testdata/docs/doc-otel.json).
const EPOCH_MILLIS = /^(\d{1,16})(?:\.(\d+))?$/

/**
 * Parses the timestamp formats Elasticsearch returns in `_source`: ISO 8601 with up to nine
 * fraction digits, epoch milliseconds as a number or a string (optionally fractional).
 * A date-time without a zone is UTC, as Elasticsearch reads it (not the browser's local time).
 */
export function parseLogTimestamp(value: unknown): LogTimestamp | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? fromMillis(value) : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  const epoch = EPOCH_MILLIS.exec(text)
  if (epoch) return build(Number(epoch[1]), fractionToNanos(epoch[2] ?? ''))
  const m = ISO.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m
  const year = Number(y), month = Number(mo), day = Number(d)
  const hour = Number(h), minute = Number(mi), second = Number(s)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'))
  let time = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000
  }
  return build(time, fractionToNanos(frac.slice(3)))
}

/** Digits after the millisecond, as nanoseconds: "456789" → 456789, "4" → 400000. */
function fractionToNanos(digits: string): number {
  return digits === '' ? 0 : Number(digits.slice(0, 6).padEnd(6, '0'))
}

function fromMillis(value: number): LogTimestamp | undefined {
  const whole = Math.floor(value)
  const nanos = Math.min(999_999, Math.round((value - whole) * 1e6))
  return build(whole, nanos)
}

function build(timeMs: number, subMsNanos: number): LogTimestamp | undefined {
  const date = new Date(timeMs)
  if (Number.isNaN(date.getTime())) return undefined
  const iso = date.toISOString()
  if (subMsNanos === 0) return { timeMs, iso }
  return { timeMs, subMsNanos, iso: `${iso.slice(0, -1)}${String(subMsNanos).padStart(6, '0')}Z` }
}
