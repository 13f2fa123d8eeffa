import type { LogCursor } from '@/domain/logs/logPage'
import { levelQueryValues, severityNumberRange, type KnownLogLevel, type LogLevel } from '@/domain/logs/logLevel'
import type { LogFieldMapping } from '@/domain/logs/mappingPresets'

/** A JSON value: request bodies are plain data, so user text can only ever be a string in them. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json }
export type JsonObject = { readonly [key: string]: Json }

export interface TimeRange {
  fromMs: number
  toMs: number
}

/** Beyond this the count stops and `hits.total.relation` is `gte` (ES default `max_result_window`). */
export const TOTAL_HITS_LIMIT = 10_000
/** Room for every spelling of every level (`WARN`, `warning`, `Warn`…) before normalisation. */
const LEVEL_AGG_SIZE = 50

/** The point-in-time a page is searched in (see pointInTime.ts). */
export interface PitParams {
  id: string
  keepAlive: string
  /**
   * Elasticsearch's `_shard_doc` replaces the `_doc` tiebreaker: unique within a PIT, so no
   * record repeats or is skipped at a page boundary. OpenSearch before 3.3 has no such field.
   */
  shardDocTiebreaker: boolean
}

interface PageParams {
  size: number
  after?: LogCursor
  levels?: readonly LogLevel[]
  pit?: PitParams
}

export interface TraceLogsParams extends PageParams {
  /** Already validated (domain/logs `traceIdQueryValues`). */
  traceIds: readonly string[]
  spanId?: string
  timeRange?: TimeRange
}

export interface SearchLogsParams extends PageParams {
  text?: string
  service?: string
  /** Query field (already suffixed and validated) → exact value. */
  fields?: readonly (readonly [string, string])[]
  timeRange: TimeRange
}

/** Body of the trace lookup: `term(s)` on the keyword trace-id field, oldest first. */
export function buildTraceLogsBody(m: LogFieldMapping, p: TraceLogsParams): JsonObject {
  const filter: Json[] = [exact(m.query.traceId, p.traceIds)]
  if (p.spanId !== undefined) filter.push(exact(m.query.spanId, [p.spanId]))
  if (p.timeRange) filter.push(timeFilter(m, p.timeRange))
  return pageBody(m, filter, p, 'asc')
}

/** Body of the log search: free text by `simple_query_string`, everything else exact, newest first. */
export function buildSearchLogsBody(m: LogFieldMapping, p: SearchLogsParams): JsonObject {
  return pageBody(m, searchFilters(m, p), p, 'desc')
}

export interface HistogramParams extends Omit<SearchLogsParams, 'size' | 'after'> {
  /** Only this trace's logs (already validated, as for `buildTraceLogsBody`). */
  traceIds?: readonly string[]
}

/** Body of the volume histogram: counts only, per bucket and level. */
export function buildHistogramBody(m: LogFieldMapping, p: HistogramParams, intervalMs: number): JsonObject {
  const filter = searchFilters(m, p)
  if (p.traceIds && p.traceIds.length > 0) filter.unshift(exact(m.query.traceId, p.traceIds))
  const levels = levelsFilter(m, p.levels)
  if (levels) filter.push(levels)
  return {
    size: 0,
    track_total_hits: TOTAL_HITS_LIMIT,
    query: { bool: { filter } },
    aggs: {
      histogram: {
        date_histogram: {
          field: m.query.timestamp,
          fixed_interval: `${intervalMs}ms`,
          min_doc_count: 0,
          extended_bounds: { min: p.timeRange.fromMs, max: p.timeRange.toMs },
        },
        aggs: { levels: { terms: { field: m.query.level, size: LEVEL_AGG_SIZE } } },
      },
    },
  }
}

function searchFilters(m: LogFieldMapping, p: Omit<SearchLogsParams, 'size' | 'after'>): Json[] {
  const filter: Json[] = [timeFilter(m, p.timeRange)]
  const text = p.text?.trim()
  if (text) {
    // Never query_string: its Lucene syntax throws on user typos and reaches any field
    // (grafana #2981). simple_query_string ignores invalid syntax instead of failing.
    filter.push({
      simple_query_string: { query: text, fields: [...m.query.text], default_operator: 'and', lenient: true },
    })
  }
  if (p.service) filter.push(exact(m.query.service, [p.service]))
  for (const [field, value] of p.fields ?? []) filter.push(exact(field, [value]))
  return filter
}

function pageBody(m: LogFieldMapping, filter: Json[], p: PageParams, order: 'asc' | 'desc'): JsonObject {
  const levels = levelsFilter(m, p.levels)
  return {
    size: p.size,
    track_total_hits: TOTAL_HITS_LIMIT,
    _source: true,
    query: { bool: { filter } },
    // A post_filter narrows the hits but not the aggregation, so the level chips keep
    // showing how many records each level has while one is selected.
    ...(levels ? { post_filter: levels } : {}),
    sort: [
      // numeric_type "date": sort values in epoch ms for `date` and `date_nanos` alike. Raw
      // date_nanos sort values are nanosecond longs beyond 2^53 that JSON.parse rounds (a
      // rounded search_after skips or repeats records), and mixing both types across the
      // indices of a pattern fails without it. unmapped_type: indices without the field.
      { [m.query.timestamp]: { order, numeric_type: 'date', unmapped_type: 'date' } },
      tiebreaker(m, p.pit, order),
    ],
    ...(p.after ? { search_after: [...p.after.searchAfter] } : {}),
    ...(p.pit ? { pit: { id: p.pit.id, keep_alive: p.pit.keepAlive } } : {}),
    aggs: { levels: { terms: { field: m.query.level, size: LEVEL_AGG_SIZE } } },
  }
}

function tiebreaker(m: LogFieldMapping, pit: PitParams | undefined, order: 'asc' | 'desc'): Json {
  if (m.tiebreaker !== '_doc') return { [m.tiebreaker]: { order, unmapped_type: 'keyword' } }
  return pit?.shardDocTiebreaker ? { _shard_doc: 'asc' } : { _doc: 'asc' }
}

function exact(field: string, values: readonly string[]): Json {
  return values.length === 1 ? { term: { [field]: values[0] ?? '' } } : { terms: { [field]: [...values] } }
}

function timeFilter(m: LogFieldMapping, range: TimeRange): Json {
  return { range: { [m.query.timestamp]: { gte: range.fromMs, lte: range.toMs, format: 'epoch_millis' } } }
}

/**
 * Levels match by every keyword spelling, by OTel severity number when the store has one, and
 * `unknown` as "no level field at all".
 */
function levelsFilter(m: LogFieldMapping, levels: readonly LogLevel[] | undefined): Json | undefined {
  if (!levels || levels.length === 0) return undefined
  const known = [...new Set(levels.filter((l): l is KnownLogLevel => l !== 'unknown'))]
  const should: Json[] = []
  if (known.length > 0) should.push({ terms: { [m.query.level]: known.flatMap(levelQueryValues) } })
  const severity = m.query.severityNumber
  if (severity !== undefined) {
    for (const level of known) should.push({ range: { [severity]: severityNumberRange(level) } })
  }
  if (levels.includes('unknown')) {
    const missing: Json[] = [{ exists: { field: m.query.level } }]
    if (severity !== undefined) missing.push({ exists: { field: severity } })
    should.push({ bool: { must_not: missing } })
  }
  return { bool: { should, minimum_should_match: 1 } }
}
