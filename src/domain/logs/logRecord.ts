import type { LogLevel } from './logLevel'

/** One value of a hit's `sort` array, echoed back as `search_after`. */
export type SortValue = string | number | boolean | null

/** One log line, whatever mapping the store uses. */
export interface LogRecord {
  /** `<_index>/<_id>`: unique across the indices of a pattern (`/` cannot occur in index names). */
  id: string
  index: string
  /** ISO 8601 UTC with every fraction digit the source had; '' when the document has no readable time. */
  timestamp: string
  /** Milliseconds since the epoch; NaN when the document has no readable time. */
  timeMs: number
  /** Nanoseconds beyond `timeMs`, when the source had them (OTel stores nanoseconds). */
  subMsNanos?: number
  level: LogLevel
  /** The level as the source wrote it (`WARN`, `Warning`, `17`…), for display and tooltips. */
  levelRaw?: string
  message: string
  service: string
  logger?: string
  /** Canonical trace id (see domain/ids `normaliseTraceId`). */
  traceId?: string
  spanId?: string
  /** The whole `_source`, for the JSON tree. */
  fields: Record<string, unknown>
  /** The hit's sort values: the `search_after` of the next page when this is the last record. */
  sort: readonly SortValue[]
}

/** Shown for records whose document names no service (as for spans, zipkin #3072). */
export const UNKNOWN_SERVICE = 'unknown-service'
