import type { LogHistogram } from '@/domain/logs/logHistogram'
import type { LogLevel } from '@/domain/logs/logLevel'
import type { LogCursor, LogPage } from '@/domain/logs/logPage'
import type { MappingDetection } from '@/domain/logs/detectMappingPreset'
import type { TimeRange } from './esQueryBuilder'

export type { TimeRange }

/** Options of the "logs of this trace" lookup. */
export interface TraceLogsOptions {
  /** Only the logs of this span (16 hex digits). */
  spanId?: string
  levels?: readonly LogLevel[]
  /** Strongly advised (trace start/end with a margin): without it every index is searched. */
  timeRange?: TimeRange
  after?: LogCursor
  /** Records per page (default 200, capped by `maxPageSize`). */
  size?: number
  signal?: AbortSignal
}

/** A log search by text, service, levels and business-context fields. */
export interface LogSearchQuery {
  text?: string
  service?: string
  levels?: readonly LogLevel[]
  /** Business context, field → exact value (`customer.id` → `42`). */
  fields?: Readonly<Record<string, string>>
  timeRange: TimeRange
  after?: LogCursor
  size?: number
  signal?: AbortSignal
}

/** The log volume chart's query: the search without paging, plus how many bars at most. */
export interface LogHistogramQuery extends Omit<LogSearchQuery, 'after' | 'size'> {
  /**
   * Only this trace's logs: validated and looked up as `logsForTrace` does (a 16-digit id
   * also in its 32-digit form); a malformed one is refused before any request.
   */
  traceId?: string
  maxBuckets?: number
}

/** Reads logs from one store; every method validates its input before any request. */
export interface LogBackend {
  readonly flavour: 'elasticsearch' | 'opensearch'
  /** The keyword field trace lookups query (after config resolution), for "check the mapping" hints. */
  readonly queriedTraceIdField: string
  logsForTrace(traceId: string, opts?: TraceLogsOptions): Promise<LogPage>
  searchLogs(q: LogSearchQuery): Promise<LogPage>
  histogram?(q: LogHistogramQuery): Promise<LogHistogram>
  detectMapping?(signal?: AbortSignal): Promise<MappingDetection>
}
