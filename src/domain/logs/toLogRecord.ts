import { isZeroId, normaliseSpanId, normaliseTraceId } from '../ids'
import { normaliseLevel } from './logLevel'
import type { LogFieldMapping } from './mappingPresets'
import { parseLogTimestamp } from './parseLogTimestamp'
import { readFirst, readText } from './readField'
import { UNKNOWN_SERVICE, type LogRecord, type SortValue } from './logRecord'

/** A search hit, already unwrapped from the wire format. */
export interface LogHit {
  index: string
  id: string
  source: Record<string, unknown>
  sort?: readonly SortValue[]
}

/** Reads one hit through a field mapping. Never throws: missing values get neutral defaults. */
export function toLogRecord(hit: LogHit, mapping: LogFieldMapping): LogRecord {
  const { source } = hit
  const { read } = mapping
  const sort = hit.sort ?? []
  // The first sort value is the timestamp in epoch ms (we sort with numeric_type "date"): a
  // fallback when `_source` has no readable time (source filtering, odd formats).
  const time = parseLogTimestamp(readFirst(source, read.timestamp)) ?? parseLogTimestamp(sort[0])
  const levelRaw = readText(source, read.level)
  const severity = read.severityNumber ? readFirst(source, read.severityNumber) : undefined
  const traceId = validId(readText(source, read.traceId), normaliseTraceId)
  const spanId = validId(readText(source, read.spanId), normaliseSpanId)
  const logger = readText(source, read.logger)
  const record: LogRecord = {
    id: `${hit.index}/${hit.id}`,
    index: hit.index,
    timestamp: time?.iso ?? '',
    timeMs: time?.timeMs ?? Number.NaN,
    level: normaliseLevel(levelRaw, severity),
    levelRaw: levelRaw ?? (typeof severity === 'number' ? String(severity) : undefined),
    message: readMessage(source, read.message),
    service: readText(source, read.service) || mapping.serviceName || UNKNOWN_SERVICE,
    fields: source,
    sort,
  }
  if (time?.subMsNanos !== undefined) record.subMsNanos = time.subMsNanos
  if (logger !== undefined) record.logger = logger
  if (traceId !== undefined) record.traceId = traceId
  if (spanId !== undefined) record.spanId = spanId
  return record
}

function validId(raw: string | undefined, normalise: (s: string) => string | undefined): string | undefined {
  const id = raw === undefined ? undefined : normalise(raw)
  return id === undefined || isZeroId(id) ? undefined : id
}

/**
 * Text first; a structured body (OTel `body.structured`, a JSON message object) is shown as
 * JSON rather than dropped.
 */
function readMessage(source: Record<string, unknown>, paths: readonly string[]): string {
  const text = readText(source, paths)
  if (text !== undefined) return text
  const value = readFirst(source, paths)
  if (value === undefined) return ''
  try {
    return JSON.stringify(value) ?? ''
  } catch {
    return ''
  }
}
