import type { LogLevel } from './logLevel'
import type { LogPartial, LogTotal } from './logPage'

/** One bar of the log volume chart. */
export interface LogHistogramBucket {
  startMs: number
  total: number
  levels: Record<LogLevel, number>
}

/** Log volume over a time range, split by level. */
export interface LogHistogram {
  intervalMs: number
  buckets: LogHistogramBucket[]
  total: LogTotal
  partial?: LogPartial
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const NICE_INTERVALS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY,
]

/**
 * A round bucket width giving at most `maxBuckets` bars over `rangeMs` (and never more than
 * Elasticsearch's default `search.max_buckets` of 65,536 whatever is asked).
 */
export function pickHistogramInterval(rangeMs: number, maxBuckets = 60): number {
  const target = Math.max(1, Math.min(maxBuckets, 10_000))
  for (const interval of NICE_INTERVALS) {
    if (rangeMs / interval <= target) return interval
  }
  const last = NICE_INTERVALS[NICE_INTERVALS.length - 1] ?? DAY
  return Math.ceil(rangeMs / target / last) * last
}
