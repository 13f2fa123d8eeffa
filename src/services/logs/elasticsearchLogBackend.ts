import type { HttpClient } from '../http'
import { detectMappingPreset, type MappingDetection } from '@/domain/logs/detectMappingPreset'
import { pickHistogramInterval, type LogHistogram } from '@/domain/logs/logHistogram'
import { emptyLevelCounts } from '@/domain/logs/logLevel'
import type { LogCursor, LogPage } from '@/domain/logs/logPage'
import { LogQueryError } from '@/domain/logs/logQueryError'
import { checkFieldName, checkTimeRange, parseLogSpanId, traceIdQueryValues } from '@/domain/logs/logQueryInput'
import type { LogRecord } from '@/domain/logs/logRecord'
import { resolveLogMapping, type LogMappingConfig } from '@/domain/logs/mappingPresets'
import { buildHistogramBody, buildSearchLogsBody, buildTraceLogsBody, TOTAL_HITS_LIMIT, type JsonObject, type PitParams } from './esQueryBuilder'
import { esHistogramResponseSchema, esMappingResponseSchema, esSearchResponseSchema } from './esSearchSchema'
import { readLevelCounts, readPartial, readTotal, toLogPage } from './esSearchResult'
import { encodeIndexPattern } from './indexPattern'
import type { LogBackend, LogHistogramQuery, LogSearchQuery, TraceLogsOptions } from './logBackend'
import { isPitCapacity, isPitGone, isPitOnNoIndex, isPitRefusal, PIT_KEEP_ALIVE, PIT_REFUSAL_STATUSES, pitIdOf, pitOpenPath, pitOpenResponseSchema } from './pointInTime'

export interface ElasticsearchLogBackendConfig {
  /** Index pattern from config (never from users): `logs-*`, `logs-*,-logs-old`, `remote:logs-*`. */
  indexPattern: string
  mapping: LogMappingConfig
  /**
   * Every request used here is the same on both but opening a point-in-time (`_pit` vs
   * `_search/point_in_time`) and its tiebreaker (`_shard_doc` on Elasticsearch only).
   */
  flavour?: 'elasticsearch' | 'opensearch'
  /**
   * Page through a point-in-time where the store allows it (default true); when opening one is
   * refused (see pointInTime.ts) this backend stops trying and pages by plain `search_after`.
   */
  pointInTime?: boolean
  /** Largest page asked for (default 1,000; never above 10,000, the default `max_result_window`). */
  maxPageSize?: number
  /**
   * Business-context fields users may filter by (`customer.id`). When set, other fields are
   * refused: a `term` on a masked field would still confirm a guessed value.
   */
  allowedFields?: readonly string[]
  /** Applied to every record (the masking seam). */
  transform?: (record: LogRecord) => LogRecord
}

const DEFAULT_PAGE_SIZE = 200
const DEFAULT_MAX_PAGE_SIZE = 1000
/** Answers to opening a PIT that are handled here (refusals, too many open), not failures to log. */
const PIT_OPEN_QUIET_STATUSES: readonly number[] = [...PIT_REFUSAL_STATUSES, 429]

/**
 * Log backend over plain HTTP `_search`, for Elasticsearch 7/8 and OpenSearch alike (Elastic's
 * own clients refuse OpenSearch; the REST calls used here are common to both). Paging is by
 * `search_after` in a point-in-time where the store allows one, never `from`. Config errors
 * (index pattern, mapping) throw at creation.
 */
export function createElasticsearchLogBackend(http: HttpClient, config: ElasticsearchLogBackendConfig): LogBackend {
  const index = encodeIndexPattern(config.indexPattern)
  const mapping = resolveLogMapping(config.mapping)
  const maxPageSize = clampSize(config.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE, TOTAL_HITS_LIMIT)
  const allowed = config.allowedFields ? new Set(config.allowedFields) : undefined
  const flavour = config.flavour ?? 'elasticsearch'

  function pageSize(size: number | undefined): number {
    return clampSize(size ?? DEFAULT_PAGE_SIZE, maxPageSize)
  }

  function businessFields(fields: Readonly<Record<string, string>> | undefined): [string, string][] {
    const out: [string, string][] = []
    for (const [name, value] of Object.entries(fields ?? {})) {
      if (typeof value !== 'string' || value === '') continue
      checkFieldName(name)
      if (allowed && !allowed.has(name)) throw new LogQueryError({ kind: 'fieldNotAllowed', field: name })
      out.push([name + mapping.businessFieldSuffix, value])
    }
    return out
  }

  let pitRefused = config.pointInTime === false

  /**
   * Opens a point-in-time for a query's first page; undefined when the store refuses one (then
   * never asked again) or has too many open just now (asked again by the next query).
   */
  async function openPit(signal: AbortSignal | undefined): Promise<PitParams | undefined> {
    if (pitRefused) return undefined
    try {
      const res = await http.request({
        method: 'POST',
        url: pitOpenPath(flavour, index),
        params: { keep_alive: PIT_KEEP_ALIVE },
        signal,
        schema: pitOpenResponseSchema,
        quietStatuses: PIT_OPEN_QUIET_STATUSES,
      })
      const id = pitIdOf(flavour, res)
      if (id !== undefined) return { id, keepAlive: PIT_KEEP_ALIVE, shardDocTiebreaker: flavour === 'elasticsearch' }
    } catch (e) {
      if (isPitCapacity(e) || isPitOnNoIndex(e)) return undefined
      if (!isPitRefusal(e)) throw e
    }
    pitRefused = true
    return undefined
  }

  /**
   * Where to resume when the cursor's PIT has expired (a user reading one page for longer than
   * the keep-alive): from the last record's time with the smallest `_doc`/`_shard_doc`, since a
   * tiebreaker of one PIT means nothing outside it. The records of that millisecond already
   * shown come again and are dropped by id (useLogPages compares each page with the previous).
   */
  function resumeAfter(cursor: LogCursor): LogCursor {
    const [time] = cursor.searchAfter
    return { searchAfter: mapping.tiebreaker === '_doc' && time !== undefined ? [time, -1] : cursor.searchAfter }
  }

  /**
   * One page: the first opens a point-in-time when it can, a further one searches the cursor's
   * (then the path names no index: the PIT carries it). A store that opens a PIT but refuses
   * searching it (a gateway allowing one and not the other) is asked again without; a further
   * page whose PIT has expired continues in a new one (or without) from the last record's time.
   */
  async function page(
    build: (after: LogCursor | undefined, pit: PitParams | undefined) => JsonObject,
    after: LogCursor | undefined,
    size: number,
    queriedField: string,
    signal: AbortSignal | undefined,
  ): Promise<LogPage> {
    const pit = after
      ? after.pitId === undefined ? undefined : { id: after.pitId, keepAlive: PIT_KEEP_ALIVE, shardDocTiebreaker: flavour === 'elasticsearch' }
      : await openPit(signal)
    try {
      return await search(build(after, pit), size, queriedField, signal, pit)
    } catch (e) {
      if (pit && after && isPitGone(e)) {
        const resumed = resumeAfter(after)
        const fresh = await openPit(signal)
        return search(build(resumed, fresh), size, queriedField, signal, fresh)
      }
      if (!pit || after || !isPitRefusal(e)) throw e
      pitRefused = true
      return search(build(after, undefined), size, queriedField, signal, undefined)
    }
  }

  async function search(body: object, size: number, queriedField: string, signal: AbortSignal | undefined, pit: PitParams | undefined): Promise<LogPage> {
    const res = await http.request({
      method: 'POST',
      url: pit ? '/_search' : `/${index}/_search`,
      body,
      signal,
      schema: esSearchResponseSchema,
      idempotent: true,
      ...(pit ? { quietStatuses: PIT_REFUSAL_STATUSES } : {}),
    })
    const result = toLogPage(http.backend, res, mapping, { size, queriedField, transform: config.transform })
    // Always the latest id: Elasticsearch may hand back a new one with each page.
    if (pit && result.cursor) result.cursor = { ...result.cursor, pitId: res.pit_id ?? pit.id }
    return result
  }

  async function logsForTrace(traceId: string, opts: TraceLogsOptions = {}): Promise<LogPage> {
    const traceIds = traceIdQueryValues(traceId)
    const spanId = opts.spanId === undefined ? undefined : parseLogSpanId(opts.spanId)
    const timeRange = opts.timeRange ? checkTimeRange(opts.timeRange) : undefined
    const size = pageSize(opts.size)
    return page(
      (after, pit) => buildTraceLogsBody(mapping, { traceIds, spanId, timeRange, levels: opts.levels, after, size, pit }),
      opts.after, size, mapping.query.traceId, opts.signal,
    )
  }

  async function searchLogs(q: LogSearchQuery): Promise<LogPage> {
    const timeRange = checkTimeRange(q.timeRange)
    const fields = businessFields(q.fields)
    const size = pageSize(q.size)
    return page(
      (after, pit) => buildSearchLogsBody(mapping, { text: q.text, service: q.service, levels: q.levels, fields, timeRange, after, size, pit }),
      q.after, size, mapping.query.text.join(', '), q.signal,
    )
  }

  async function histogram(q: LogHistogramQuery): Promise<LogHistogram> {
    const traceIds = q.traceId === undefined ? undefined : traceIdQueryValues(q.traceId)
    const timeRange = checkTimeRange(q.timeRange)
    const fields = businessFields(q.fields)
    const intervalMs = pickHistogramInterval(timeRange.toMs - timeRange.fromMs, q.maxBuckets)
    const body = buildHistogramBody(mapping, { traceIds, text: q.text, service: q.service, levels: q.levels, fields, timeRange }, intervalMs)
    const res = await http.request({
      method: 'POST',
      url: `/${index}/_search`,
      body,
      signal: q.signal,
      schema: esHistogramResponseSchema,
      idempotent: true,
    })
    const partial = readPartial(http.backend, res)
    const buckets = res.aggregations.histogram.buckets.map((b) => ({
      startMs: b.key,
      total: b.doc_count,
      levels: b.levels ? readLevelCounts(b.levels.buckets) : emptyLevelCounts(),
    }))
    const result: LogHistogram = { intervalMs, buckets, total: readTotal(res.hits.total, 0) }
    if (partial) result.partial = partial
    return result
  }

  async function detectMapping(signal?: AbortSignal): Promise<MappingDetection> {
    const res = await http.request({ url: `/${index}/_mapping`, signal, schema: esMappingResponseSchema })
    return detectMappingPreset(res)
  }

  return {
    flavour,
    queriedTraceIdField: mapping.query.traceId,
    logsForTrace,
    searchLogs,
    histogram,
    detectMapping,
  }
}

function clampSize(size: number, max: number): number {
  if (!Number.isFinite(size)) return Math.min(DEFAULT_PAGE_SIZE, max)
  return Math.max(1, Math.min(Math.floor(size), max))
}
