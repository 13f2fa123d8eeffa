import { BackendRequestError } from '../errors'
import { emptyLevelCounts, normaliseLevel, type LogLevel } from '@/domain/logs/logLevel'
import type { LogPage, LogPartial, LogTotal } from '@/domain/logs/logPage'
import type { LogRecord } from '@/domain/logs/logRecord'
import type { LogFieldMapping } from '@/domain/logs/mappingPresets'
import { toLogRecord } from '@/domain/logs/toLogRecord'
import type { EsSearchResponse, EsShards } from './esSearchSchema'

const MAX_REASONS = 10

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `type: reason` of one shard failure, preferring the root cause (`caused_by`) when it says more. */
function describeReason(reason: unknown): string {
  if (typeof reason === 'string') return reason
  if (!isRecord(reason)) return 'unknown shard failure'
  const type = typeof reason.type === 'string' ? reason.type : undefined
  const text = typeof reason.reason === 'string' ? reason.reason : undefined
  const cause = isRecord(reason.caused_by) && typeof reason.caused_by.reason === 'string'
    ? ` (caused by ${String(reason.caused_by.type ?? 'error')}: ${reason.caused_by.reason})`
    : ''
  return `${type ?? 'error'}: ${text ?? 'no reason given'}${cause}`
}

function shardReasons(shards: EsShards | undefined): string[] {
  const out = new Set<string>()
  for (const f of shards?.failures ?? []) {
    const where = f.index ? `[${f.index}${f.shard === undefined || f.shard === null ? '' : `][${f.shard}`}] ` : ''
    out.add(where + describeReason(f.reason))
    if (out.size >= MAX_REASONS) break
  }
  return [...out]
}

/**
 * The `partial` of a page: set when the search timed out or some shards failed. When every
 * shard failed there is nothing to show, and an empty page would read as "no logs": throws a
 * `backendError` (`all_shards_failed`) instead (FAULTS.md "ES all shards failed").
 */
export function readPartial(
  backend: string,
  res: { timed_out?: boolean | undefined; _shards?: EsShards | undefined },
): LogPartial | undefined {
  const shards = res._shards
  const failed = shards?.failed ?? 0
  const total = shards?.total ?? 0
  const reasons = shardReasons(shards)
  if (shards && failed > 0 && (shards.successful === 0 || failed >= total)) {
    throw new BackendRequestError({
      kind: 'backendError',
      backend,
      status: undefined,
      errorType: 'all_shards_failed',
      message: reasons.length > 0 ? reasons.join('; ') : `all ${total} shards failed`,
    })
  }
  if (!res.timed_out && failed === 0) return undefined
  return { timedOut: res.timed_out === true, failedShards: failed, totalShards: total, reasons }
}

/** Reads `hits.total`; a missing total (tracking off) counts the hits received. */
export function readTotal(total: number | { value: number; relation: string } | undefined, received: number): LogTotal {
  if (total === undefined) return { value: received, atLeast: false }
  if (typeof total === 'number') return { value: total, atLeast: false }
  return { value: total.value, atLeast: total.relation === 'gte' }
}

/** Sums raw level spellings (`ERROR`, `error`, `err`) into normalised levels. */
export function readLevelCounts(
  buckets: readonly { key: string | number; doc_count: number }[] | undefined,
): Record<LogLevel, number> {
  const counts = emptyLevelCounts()
  for (const b of buckets ?? []) {
    const level = typeof b.key === 'number' ? normaliseLevel(undefined, b.key) : normaliseLevel(b.key)
    counts[level] += b.doc_count
  }
  return counts
}

/** Turns a validated `_search` response into a page of records. */
export function toLogPage(
  backend: string,
  res: EsSearchResponse,
  mapping: LogFieldMapping,
  opts: { size: number; queriedField: string; transform?: ((r: LogRecord) => LogRecord) | undefined },
): LogPage {
  const partial = readPartial(backend, res)
  const hits = res.hits.hits
  const records = hits.map((h) => {
    const record = toLogRecord({ index: h._index, id: h._id, source: h._source ?? {}, sort: h.sort }, mapping)
    return opts.transform ? opts.transform(record) : record
  })
  const last = hits[hits.length - 1]
  // A short page is the last one; a full page may be followed by an empty one.
  const cursor = hits.length >= opts.size && last?.sort && last.sort.length > 0 ? { searchAfter: last.sort } : undefined
  const page: LogPage = {
    records,
    total: readTotal(res.hits.total, hits.length),
    levelCounts: readLevelCounts(res.aggregations?.levels?.buckets),
    queriedField: opts.queriedField,
  }
  if (cursor) page.cursor = cursor
  if (partial) page.partial = partial
  return page
}
