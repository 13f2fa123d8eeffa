import type { JsonObject, JsonValue } from '../logs/logDocument'
import type { LogStore, StoredLog } from '../store/logStore'
import { runAggregations } from './esAggregations'
import { EsError, illegalArgument, isRecord, unsupported } from './esError'
import { compileQuery } from './esQuery'
import { compareSortValues, parseSearchAfter, parseSort, sortValues, type SortValue } from './esSort'

/** ES's `index.max_result_window` default: `from + size` beyond it is refused. */
export const MAX_RESULT_WINDOW = 10_000
const DEFAULT_TRACK_TOTAL_HITS = 10_000

const SUPPORTED_KEYS = new Set([
  'query', 'size', 'from', 'sort', 'search_after', 'track_total_hits', '_source', 'aggs', 'aggregations', 'post_filter',
  'timeout', 'track_scores', 'version', 'seq_no_primary_term',
])
/** Real `_search` body keys the sandbox does not implement: refused, never ignored. */
const REAL_BUT_UNSUPPORTED = new Set([
  'highlight', 'fields', 'docvalue_fields', 'stored_fields', 'collapse', 'pit', 'rescore', 'script_fields', 'suggest',
  'min_score', 'runtime_mappings', 'knn', 'indices_boost', 'stats', 'profile', 'explain', 'terminate_after',
  'retriever', 'slice', 'ext', 'rank',
])

export interface SearchContext {
  store: Pick<LogStore, 'all'>
  index: string
  nowMs: number
  /** A search by point-in-time (`POST /_search` with `pit`): `store` is the PIT's frozen documents. */
  pitId?: string
}

function intOption(name: string, fromBody: unknown, fromUrl: string | null, fallback: number): number {
  const raw = fromBody ?? (fromUrl === null ? undefined : fromUrl)
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n)) throw illegalArgument(`[${name}] must be an integer, found [${String(raw)}]`)
  return n
}

/**
 * Runs one `_search` over the log store the way Elasticsearch 8 answers it: query and
 * post_filter, sort with `search_after`, `from`/`size` inside `max_result_window`,
 * `track_total_hits`, `_source` filtering and the supported aggregations. Throws `EsError`.
 */
export function esSearch(body: unknown, url: URLSearchParams, ctx: SearchContext): JsonObject {
  const started = Date.now()
  const req = body ?? {}
  if (!isRecord(req)) throw new EsError(400, 'parsing_exception', 'Unknown key for a START_ARRAY in [search].')
  for (const key of Object.keys(req)) {
    if (SUPPORTED_KEYS.has(key) || (key === 'pit' && ctx.pitId !== undefined)) continue
    if (REAL_BUT_UNSUPPORTED.has(key)) throw unsupported('search', key)
    throw new EsError(400, 'x_content_parse_exception', `[1:2] [search] unknown field [${key}]`)
  }
  const size = intOption('size', req.size, url.get('size'), 10)
  const from = intOption('from', req.from, url.get('from'), 0)
  if (size < 0) throw illegalArgument(`[size] parameter cannot be negative, found [${size}]`)
  if (from < 0) throw illegalArgument(`[from] parameter cannot be negative, found [${from}]`)
  if (from + size > MAX_RESULT_WINDOW) {
    throw illegalArgument(`Result window is too large, from + size must be less than or equal to: [${MAX_RESULT_WINDOW}] but was [${from + size}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.`)
  }
  const query = compileQuery(req.query, ctx.nowMs)
  const postFilter = req.post_filter === undefined ? undefined : compileQuery(req.post_filter, ctx.nowMs)
  const sort = parseSort(req.sort, { pit: ctx.pitId !== undefined })
  const after = req.search_after === undefined ? undefined : parseSearchAfter(req.search_after, sort, ctx.nowMs)
  if (after && from > 0) throw illegalArgument('`from` parameter must be set to 0 when `search_after` is used.')
  const trackTotal = parseTrackTotalHits(req.track_total_hits ?? url.get('track_total_hits') ?? undefined)

  const matched = ctx.store.all().filter(query)
  const aggregations = req.aggs ?? req.aggregations
  const aggs = aggregations === undefined ? undefined : runAggregations(aggregations, matched, ctx.nowMs)
  const hitsPool = postFilter ? matched.filter(postFilter) : matched

  const keyed: { doc: StoredLog; values: SortValue[] }[] = hitsPool.map((doc) => ({
    doc,
    values: sort.length > 0 ? sortValues(doc, sort, ctx.nowMs) : [doc.seq],
  }))
  if (sort.length > 0) keyed.sort((a, b) => compareSortValues(a.values, b.values, sort))
  const page = (after ? keyed.filter((k) => compareSortValues(k.values, after, sort) > 0) : keyed).slice(from, from + size)
  const sorted = sort.length > 0
  const source = sourceFilter(req._source)
  const hits: JsonValue[] = page.map(({ doc, values }) => {
    const hit: JsonObject = { _index: ctx.index, _id: doc.id, _score: sorted && req.track_scores !== true ? null : 1 }
    if (source) hit._source = source(doc.doc)
    if (sorted) hit.sort = values
    return hit
  })

  const total = hitsPool.length
  const hitsBody: JsonObject = { max_score: sorted ? null : hits.length > 0 ? 1 : null, hits }
  if (trackTotal === 'exact') hitsBody.total = { value: total, relation: 'eq' }
  else if (typeof trackTotal === 'number') {
    hitsBody.total = total > trackTotal ? { value: trackTotal, relation: 'gte' } : { value: total, relation: 'eq' }
  }
  if (url.get('rest_total_hits_as_int') === 'true' && isRecord(hitsBody.total)) hitsBody.total = total
  const response: JsonObject = {
    took: Date.now() - started,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { ...pickTotalFirst(hitsBody) },
  }
  if (aggs) response.aggregations = aggs
  if (ctx.pitId !== undefined) response.pit_id = ctx.pitId
  return response
}

function pickTotalFirst(h: JsonObject): JsonObject {
  return h.total === undefined ? h : { total: h.total, max_score: h.max_score ?? null, hits: h.hits ?? [] }
}

function parseTrackTotalHits(raw: unknown): 'exact' | 'none' | number {
  if (raw === undefined) return DEFAULT_TRACK_TOTAL_HITS
  if (raw === true || raw === 'true') return 'exact'
  if (raw === false || raw === 'false') return 'none'
  const n = Number(raw)
  if (Number.isInteger(n) && n >= 0) return n
  throw illegalArgument(`[track_total_hits] must be a boolean or a non-negative integer, found [${String(raw)}]`)
}

/** `_source`: true/false, a pattern or list of patterns, or `{includes, excludes}`. */
function sourceFilter(raw: unknown): ((doc: JsonObject) => JsonObject) | undefined {
  if (raw === undefined || raw === true) return (doc) => doc
  if (raw === false) return undefined
  let includes: string[] = []
  let excludes: string[] = []
  if (typeof raw === 'string') includes = [raw]
  else if (Array.isArray(raw)) includes = raw.map(String)
  else if (isRecord(raw)) {
    const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)])
    includes = list(raw.includes)
    excludes = list(raw.excludes)
  } else throw illegalArgument('[_source] must be a boolean, a string, an array or an object')
  const toRe = (p: string): RegExp => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  const inc = includes.map(toRe)
  const exc = excludes.map(toRe)
  // A path is kept when a pattern matches it or one of its parents (`trace` keeps `trace.id`).
  const keep = (path: string): boolean => {
    const prefixes = path.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))
    const hit = (res: RegExp[]): boolean => prefixes.some((p) => res.some((re) => re.test(p)))
    return (inc.length === 0 || hit(inc)) && !hit(exc)
  }
  const walk = (node: JsonObject, prefix: string): JsonObject => {
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${k}` : k
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const child = walk(v, path)
        if (Object.keys(child).length > 0) out[k] = child
      } else if (keep(path)) out[k] = v
    }
    return out
  }
  return (doc) => walk(doc, '')
}
