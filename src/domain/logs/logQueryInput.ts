import { isZeroId, parseUserTraceId } from '../ids'
import { LogQueryError } from './logQueryError'

const ZERO_HIGH = '0000000000000000'
const USER_SPAN_ID = /^[0-9a-f]{16}$/
// Field names as Elasticsearch writes them (`@timestamp`, `trace.id`, `traceId.keyword`,
// `resource.attributes.service.name`). A leading `_` would address metadata fields.
const FIELD_NAME = /^[A-Za-z0-9@][A-Za-z0-9@_.:-]{0,254}$/

/**
 * Validates a user's trace id and returns the values a keyword field may hold for it.
 * A 64-bit id is also looked up in its 128-bit zero-padded form (OTel SDKs always log 32
 * digits, B3/Sleuth 64-bit ids log 16) and vice versa, since both name the same trace.
 * Throws `LogQueryError` (`invalidTraceId`) for anything else: `*`, `a OR 1:1`, 33 digits…
 */
export function traceIdQueryValues(input: string): string[] {
  const id = parseUserTraceId(input)
  if (id === undefined || isZeroId(id)) throw new LogQueryError({ kind: 'invalidTraceId', input })
  if (id.length === 16) return [id, ZERO_HIGH + id]
  if (id.startsWith(ZERO_HIGH)) return [id, id.slice(16)]
  return [id]
}

/** Validates a user's span id: exactly 16 hex digits once trimmed and lowercased. */
export function parseLogSpanId(input: string): string {
  const id = input.trim().toLowerCase()
  if (!USER_SPAN_ID.test(id) || isZeroId(id)) throw new LogQueryError({ kind: 'invalidSpanId', input })
  return id
}

/** Checks a time range in epoch milliseconds: finite and in order. */
export function checkTimeRange(range: { fromMs: number; toMs: number }): { fromMs: number; toMs: number } {
  const { fromMs, toMs } = range
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new LogQueryError({ kind: 'invalidTimeRange', fromMs, toMs })
  }
  return { fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) }
}

/** True for a name that can be sent as a field in a query (no metadata fields, no odd characters). */
export function isSafeFieldName(name: string): boolean {
  return FIELD_NAME.test(name) && !name.includes('..') && !name.endsWith('.')
}

/** Throws `invalidFieldName` unless `isSafeFieldName`. */
export function checkFieldName(name: string): string {
  if (!isSafeFieldName(name)) throw new LogQueryError({ kind: 'invalidFieldName', field: name })
  return name
}
