import type { HttpClient } from '../http'
import { detectMappingPreset, type MappingDetection } from '@/domain/logs/detectMappingPreset'
import { pickHistogramInterval, type LogHistogram } from '@/domain/logs/logHistogram'
import { emptyLevelCounts } from '@/domain/logs/logLevel'
import type { LogPage } from '@/domain/logs/logPage'
import { LogQueryError } from '@/domain/logs/logQueryError'
import { checkFieldName, checkTimeRange, parseLogSpanId, traceIdQueryValues } from '@/domain/logs/logQueryInput'
import type { LogRecord } from '@/domain/logs/logRecord'
import { resolveLogMapping, type LogMappingConfig } from '@/domain/logs/mappingPresets'
import { buildHistogramBody, buildSearchLogsBody, buildTraceLogsBody, TOTAL_HITS_LIMIT } from './esQueryBuilder'
import { esHistogramResponseSchema, esMappingResponseSchema, esSearchResponseSchema } from './esSearchSchema'
import { readLevelCounts, readPartial, readTotal, toLogPage } from './esSearchResult'
import { encodeIndexPattern } from './indexPattern'
import type { LogBackend, LogHistogramQuery, LogSearchQuery, TraceLogsOptions } from './logBackend'

export interface ElasticsearchLogBackendConfig {
  /** Index pattern from config (never from users): `logs-*`, `logs-*,-logs-old`, `remote:logs-*`. */
  indexPattern: string
  mapping: LogMappingConfig
  /**
   * Reported as is. Every request used here is the same on both; point-in-time, whose
   * endpoints differ (`_pit` vs `_search/point_in_time`), is not used yet.
   */
  flavour?: 'elasticsearch' | 'opensearch'
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

/**
 * Log backend over plain HTTP `_search`, for Elasticsearch 7/8 and OpenSearch alike (Elastic's
 * own clients refuse OpenSearch; the REST calls used here are common to both). Paging is by
 * `search_after`, never `from`. Config errors (index pattern, mapping) throw at creation.
 */
export function createElasticsearchLogBackend(http: HttpClient, config: ElasticsearchLogBackendConfig): LogBackend {
  const index = encodeIndexPattern(config.indexPattern)
  const mapping = resolveLogMapping(config.mapping)
  const maxPageSize = clampSize(config.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE, TOTAL_HITS_LIMIT)
  const allowed = config.allowedFields ? new Set(config.allowedFields) : undefined

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

  async function search(body: object, size: number, queriedField: string, signal: AbortSignal | undefined): Promise<LogPage> {
    const res = await http.request({
      method: 'POST',
      url: `/${index}/_search`,
      body,
      signal,
      schema: esSearchResponseSchema,
      idempotent: true,
    })
    return toLogPage(http.backend, res, mapping, { size, queriedField, transform: config.transform })
  }

  async function logsForTrace(traceId: string, opts: TraceLogsOptions = {}): Promise<LogPage> {
    const traceIds = traceIdQueryValues(traceId)
    const spanId = opts.spanId === undefined ? undefined : parseLogSpanId(opts.spanId)
    const timeRange = opts.timeRange ? checkTimeRange(opts.timeRange) : undefined
    const size = pageSize(opts.size)
    const body = buildTraceLogsBody(mapping, { traceIds, spanId, timeRange, levels: opts.levels, after: opts.after, size })
    return search(body, size, mapping.query.traceId, opts.signal)
  }

  async function searchLogs(q: LogSearchQuery): Promise<LogPage> {
    const timeRange = checkTimeRange(q.timeRange)
    const fields = businessFields(q.fields)
    const size = pageSize(q.size)
    const body = buildSearchLogsBody(mapping, {
      text: q.text, service: q.service, levels: q.levels, fields, timeRange, after: q.after, size,
    })
    return search(body, size, mapping.query.text.join(', '), q.signal)
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
    flavour: config.flavour ?? 'elasticsearch',
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
