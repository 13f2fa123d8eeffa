import type { LogLevel } from './logLevel'
import type { LogRecord, SortValue } from './logRecord'

/** Where the next page starts: the sort values of the last record (Elasticsearch `search_after`). */
export interface LogCursor {
  readonly searchAfter: readonly SortValue[]
  /**
   * The point-in-time the pages are read from, when the backend allowed one: the next page
   * searches the same snapshot, so records indexed meanwhile cannot shift the pages.
   */
  readonly pitId?: string
}

/** Hit count; `atLeast` when the store stopped counting (`hits.total.relation: "gte"`). */
export interface LogTotal {
  value: number
  atLeast: boolean
}

/** Present when some shards failed or the search timed out: the records are incomplete. */
export interface LogPartial {
  timedOut: boolean
  failedShards: number
  totalShards: number
  /** Distinct shard failure reasons (`type: reason`), for the "partial" badge. */
  reasons: string[]
}

/** One page of log records. */
export interface LogPage {
  records: LogRecord[]
  /** Undefined when there is no further page. */
  cursor?: LogCursor
  total: LogTotal
  /** Records per level over the whole query (before any level filter), for the level chips. */
  levelCounts: Record<LogLevel, number>
  partial?: LogPartial
  /** The trace-id (or search) field queried, so "no logs" can point at the field mapping. */
  queriedField: string
}
