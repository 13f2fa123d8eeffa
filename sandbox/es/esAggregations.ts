import type { JsonObject, JsonValue } from '../logs/logDocument'
import type { StoredLog } from '../store/logStore'
import { EsError, illegalArgument, isRecord, parsingError } from './esError'
import { dateValues, fieldType, isTextType, parseDate, readValues } from './esFields'

/** ES's `search.max_buckets` default. */
const MAX_BUCKETS = 65_536
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }
const CALENDAR_MS: Record<string, number> = { minute: 60_000, '1m': 60_000, hour: 3_600_000, '1h': 3_600_000, day: 86_400_000, '1d': 86_400_000 }

/**
 * Runs the `aggs` of a search over the matching documents. Supported: `terms` (keyword and
 * numeric fields) and `date_histogram` (fixed intervals, or calendar minute/hour/day in UTC),
 * each with sub-aggregations. Anything else is an ES-shaped 400.
 */
export function runAggregations(aggs: unknown, docs: readonly StoredLog[], nowMs: number): JsonObject {
  if (!isRecord(aggs)) throw parsingError('Expected [START_OBJECT] under [aggs]')
  const out: JsonObject = {}
  let buckets = 0
  const count = (n: number): void => {
    buckets += n
    if (buckets > MAX_BUCKETS) {
      throw new EsError(400, 'too_many_buckets_exception', `Trying to create too many buckets. Must be less than or equal to: [${MAX_BUCKETS}] but this number of buckets was exceeded. This limit can be set by changing the [search.max_buckets] cluster level setting.`, { max_buckets: MAX_BUCKETS })
    }
  }
  for (const [name, def] of Object.entries(aggs)) out[name] = runOne(name, def, docs, nowMs, count)
  return out
}

function runOne(name: string, def: unknown, docs: readonly StoredLog[], nowMs: number, count: (n: number) => void): JsonObject {
  if (!isRecord(def)) throw parsingError(`Expected [START_OBJECT] under [${name}]`)
  const types = Object.keys(def).filter((k) => k !== 'aggs' && k !== 'aggregations' && k !== 'meta')
  if (types.length !== 1) {
    throw parsingError(types.length === 0 ? `Missing definition for aggregation [${name}]` : `Found two aggregation type definitions in [${name}]: [${types[0]}] and [${types[1]}]`)
  }
  const type = types[0] ?? ''
  const sub = def.aggs ?? def.aggregations
  const subAggs = (bucketDocs: readonly StoredLog[]): JsonObject => (sub === undefined ? {} : runAggregationsNested(sub, bucketDocs, nowMs, count))
  const spec = def[type]
  if (!isRecord(spec)) throw parsingError(`[${type}] aggregation [${name}] must be an object`)
  if (type === 'terms') return terms(name, spec, docs, subAggs, count)
  if (type === 'date_histogram') return dateHistogram(name, spec, docs, nowMs, subAggs, count)
  throw parsingError(`[${type}] aggregation is not supported by the Traceboard sandbox (supported: terms, date_histogram)`)
}

function runAggregationsNested(aggs: unknown, docs: readonly StoredLog[], nowMs: number, count: (n: number) => void): JsonObject {
  if (!isRecord(aggs)) throw parsingError('Expected [START_OBJECT] under [aggs]')
  const out: JsonObject = {}
  for (const [name, def] of Object.entries(aggs)) out[name] = runOne(name, def, docs, nowMs, count)
  return out
}

function terms(
  name: string,
  spec: Record<string, unknown>,
  docs: readonly StoredLog[],
  subAggs: (docs: readonly StoredLog[]) => JsonObject,
  count: (n: number) => void,
): JsonObject {
  for (const k of Object.keys(spec)) {
    if (!['field', 'size', 'min_doc_count', 'order', 'missing', 'shard_size', 'show_term_doc_count_error'].includes(k)) {
      throw parsingError(`[terms] unknown field [${k}] (not supported by the Traceboard sandbox)`)
    }
  }
  if (typeof spec.field !== 'string') throw parsingError(`Required one of fields [field, script], but none were specified. in [${name}]`)
  const field = spec.field
  const type = fieldType(field)
  if (isTextType(type)) {
    throw illegalArgument(`Fielddata is disabled on [${field}] in [logs-sandbox]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead.`)
  }
  const size = spec.size === undefined ? 10 : Number(spec.size)
  const minDocCount = spec.min_doc_count === undefined ? 1 : Number(spec.min_doc_count)
  if (!Number.isInteger(size) || size < 1) throw illegalArgument(`[size] must be greater than 0. Found [${String(spec.size)}] in [${name}]`)
  const groups = new Map<string | number, StoredLog[]>()
  for (const d of docs) {
    const values = readValues(d.doc, field)
    const keys = values.length > 0 ? values : spec.missing !== undefined ? [spec.missing as string | number] : []
    for (const raw of new Set(keys.map((v) => (type === 'long' ? Number(v) : String(v))))) {
      const list = groups.get(raw) ?? []
      list.push(d)
      groups.set(raw, list)
    }
  }
  const order = termsOrder(spec.order)
  const all = [...groups.entries()].filter(([, list]) => list.length >= minDocCount).sort(([ka, la], [kb, lb]) => {
    for (const [by, dir] of order) {
      const c = by === '_count' ? la.length - lb.length : ka < kb ? -1 : ka > kb ? 1 : 0
      if (c !== 0) return dir === 'asc' ? c : -c
    }
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
  const shown = all.slice(0, size)
  count(shown.length)
  const other = all.slice(size).reduce((s, [, list]) => s + list.length, 0)
  return {
    doc_count_error_upper_bound: 0,
    sum_other_doc_count: other,
    buckets: shown.map(([key, list]) => ({ key, doc_count: list.length, ...subAggs(list) })),
  }
}

function termsOrder(raw: unknown): [string, 'asc' | 'desc'][] {
  if (raw === undefined) return [['_count', 'desc'], ['_key', 'asc']]
  const items = Array.isArray(raw) ? raw : [raw]
  const out: [string, 'asc' | 'desc'][] = []
  for (const item of items) {
    if (!isRecord(item)) throw parsingError('[terms] order must be an object')
    for (const [by, dir] of Object.entries(item)) {
      if ((by !== '_count' && by !== '_key') || (dir !== 'asc' && dir !== 'desc')) {
        throw parsingError(`[terms] order by [${by}] is not supported by the Traceboard sandbox (use _count or _key)`)
      }
      out.push([by, dir])
    }
  }
  return out
}

function parseInterval(spec: Record<string, unknown>): number {
  if (spec.interval !== undefined) throw illegalArgument('[interval] on [date_histogram] is not supported; use [fixed_interval] or [calendar_interval]')
  const fixed = spec.fixed_interval
  const calendar = spec.calendar_interval
  if (fixed !== undefined && calendar !== undefined) throw illegalArgument('Cannot use [fixed_interval] with [calendar_interval] configuration option.')
  if (typeof fixed === 'string') {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(fixed)
    const ms = m ? Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0) : 0
    if (ms <= 0) throw new EsError(400, 'illegal_argument_exception', `failed to parse setting [date_histogram.fixedInterval] with value [${fixed}] as a time value: unit is missing or unrecognized`)
    return ms
  }
  if (typeof calendar === 'string') {
    const ms = CALENDAR_MS[calendar]
    if (ms === undefined) throw illegalArgument(`calendar_interval [${calendar}] is not supported by the Traceboard sandbox (minute, hour, day only)`)
    return ms
  }
  throw illegalArgument('Invalid interval specified, must be non-null and non-empty')
}

function dateHistogram(
  name: string,
  spec: Record<string, unknown>,
  docs: readonly StoredLog[],
  nowMs: number,
  subAggs: (docs: readonly StoredLog[]) => JsonObject,
  count: (n: number) => void,
): JsonObject {
  for (const k of Object.keys(spec)) {
    if (!['field', 'fixed_interval', 'calendar_interval', 'interval', 'min_doc_count', 'extended_bounds', 'time_zone', 'format'].includes(k)) {
      throw parsingError(`[date_histogram] unknown field [${k}] (not supported by the Traceboard sandbox)`)
    }
  }
  if (typeof spec.field !== 'string') throw parsingError(`Required one of fields [field, script], but none were specified. in [${name}]`)
  const field = spec.field
  if (fieldType(field) !== 'date') throw illegalArgument(`Field [${field}] of type [${fieldType(field) ?? 'unmapped'}] is not supported for aggregation [date_histogram]`)
  if (spec.time_zone !== undefined && !['UTC', 'Z', '+00:00'].includes(String(spec.time_zone))) {
    throw illegalArgument('[date_histogram] time_zone other than UTC is not supported by the Traceboard sandbox')
  }
  if (spec.format !== undefined) throw illegalArgument('[date_histogram] format is not supported by the Traceboard sandbox')
  const interval = parseInterval(spec)
  const minDocCount = spec.min_doc_count === undefined ? 0 : Number(spec.min_doc_count)
  const keyOf = (ms: number): number => Math.floor(ms / interval) * interval
  const groups = new Map<number, StoredLog[]>()
  for (const d of docs) {
    for (const v of dateValues(d, field, nowMs)) {
      const key = keyOf(v)
      const list = groups.get(key) ?? []
      list.push(d)
      groups.set(key, list)
    }
  }
  let keys = [...groups.keys()].sort((a, b) => a - b)
  if (minDocCount === 0) {
    let lo = keys[0]
    let hi = keys[keys.length - 1]
    const bounds = spec.extended_bounds
    if (isRecord(bounds)) {
      if (bounds.min !== undefined) lo = Math.min(lo ?? Infinity, keyOf(parseDate(bounds.min, field, nowMs)))
      if (bounds.max !== undefined) hi = Math.max(hi ?? -Infinity, keyOf(parseDate(bounds.max, field, nowMs)))
    }
    if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
      count(Math.floor((hi - lo) / interval) + 1)
      keys = []
      for (let k = lo; k <= hi; k += interval) keys.push(k)
    }
  } else {
    keys = keys.filter((k) => (groups.get(k)?.length ?? 0) >= minDocCount)
    count(keys.length)
  }
  const buckets: JsonValue[] = keys.map((key) => {
    const list = groups.get(key) ?? []
    return { key_as_string: new Date(key).toISOString(), key, doc_count: list.length, ...subAggs(list) }
  })
  return { buckets }
}
