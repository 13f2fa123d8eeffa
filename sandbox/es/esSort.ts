import type { StoredLog } from '../store/logStore'
import { EsError, illegalArgument, isRecord, parsingError } from './esError'
import { dateValues, fieldType, isTextType, parseDate, readValues } from './esFields'

export type SortValue = string | number | null

export interface SortKey {
  field: string
  order: 'asc' | 'desc'
  missingFirst: boolean
}

/**
 * Parses ES `sort`: `"field"`, `{field: "desc"}`, `{field: {order, numeric_type, unmapped_type,
 * missing}}`, `_doc`, `_score`, and in a point-in-time search `_shard_doc` (the one shard's
 * `_doc`), which ES also appends by itself to a sort that has none. Sorting on an unmapped
 * field without `unmapped_type`, or on a text field, fails as in ES.
 */
export function parseSort(raw: unknown, opts: { pit?: boolean } = {}): SortKey[] {
  const keys = parseSortKeys(raw, opts.pit === true)
  if (opts.pit && keys.length > 0 && !keys.some((k) => k.field === '_shard_doc')) keys.push({ field: '_shard_doc', order: 'asc', missingFirst: false })
  return keys
}

function parseSortKeys(raw: unknown, pit: boolean): SortKey[] {
  if (raw === undefined) return []
  const items = Array.isArray(raw) ? raw : [raw]
  return items.map((item): SortKey => {
    if (!pit && (item === '_shard_doc' || (isRecord(item) && '_shard_doc' in item))) {
      throw illegalArgument('[_shard_doc] sort field cannot be used without [point in time]')
    }
    if (typeof item === 'string') return checkField(item, item === '_score' ? 'desc' : 'asc', {})
    if (!isRecord(item)) throw parsingError('[sort] malformed sort clause')
    const keys = Object.keys(item)
    if (keys.length !== 1) throw parsingError('[sort] expects one field per sort clause')
    const field = keys[0] ?? ''
    const spec = item[field]
    if (typeof spec === 'string') return checkField(field, order(spec), {})
    if (!isRecord(spec)) throw parsingError(`[sort] malformed sort clause for [${field}]`)
    for (const k of Object.keys(spec)) {
      if (!['order', 'numeric_type', 'unmapped_type', 'missing', 'mode'].includes(k)) {
        throw parsingError(`[${field}] sort option [${k}] is not supported by the Traceboard sandbox`)
      }
    }
    if (spec.numeric_type !== undefined && !['date', 'long', 'double'].includes(String(spec.numeric_type))) {
      throw parsingError(`[${field}] numeric_type [${String(spec.numeric_type)}] is not supported by the Traceboard sandbox`)
    }
    const defaultOrder = field === '_score' ? 'desc' : 'asc'
    return checkField(field, spec.order === undefined ? defaultOrder : order(spec.order), spec)
  })
}

function order(v: unknown): 'asc' | 'desc' {
  if (v === 'asc' || v === 'desc') return v
  throw parsingError(`[sort] unknown order [${String(v)}], must be one of [asc, desc]`)
}

function checkField(field: string, ord: 'asc' | 'desc', spec: Record<string, unknown>): SortKey {
  if (field !== '_doc' && field !== '_score' && field !== '_shard_doc') {
    const type = fieldType(field)
    if (type === undefined && spec.unmapped_type === undefined) {
      throw new EsError(400, 'query_shard_exception', `No mapping found for [${field}] in order to sort on`, { index: 'logs-sandbox' })
    }
    if (isTextType(type)) {
      throw illegalArgument(`Fielddata is disabled on [${field}] in [logs-sandbox]. Text fields are not optimised for operations that require per-document field data like aggregations and sorting. Please use a keyword field instead.`)
    }
  }
  const missing = spec.missing
  if (missing !== undefined && missing !== '_last' && missing !== '_first') {
    throw parsingError(`[${field}] custom missing values are not supported by the Traceboard sandbox`)
  }
  return { field, order: ord, missingFirst: missing === '_first' }
}

/** The sort values of one document, as ES returns them in `hits.hits[].sort` (dates as epoch ms). */
export function sortValues(doc: StoredLog, keys: readonly SortKey[], nowMs: number): SortValue[] {
  return keys.map((k) => {
    if (k.field === '_doc' || k.field === '_shard_doc') return doc.seq
    if (k.field === '_score') return 1
    const type = fieldType(k.field)
    const mapped: (string | number)[] =
      type === 'date' ? dateValues(doc, k.field, nowMs) : readValues(doc.doc, k.field).map((v) => (type === 'long' ? Number(v) : String(v)))
    if (mapped.length === 0) return null
    // Multi-valued fields sort by their min ascending and their max descending (ES `mode` default).
    return mapped.reduce((a, b) => ((k.order === 'asc' ? b < a : b > a) ? b : a))
  })
}

/** Orders two sort tuples under `keys`; missing values last unless `missing: _first`. */
export function compareSortValues(a: readonly SortValue[], b: readonly SortValue[], keys: readonly SortKey[]): number {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]
    if (!k) continue
    const x = a[i] ?? null
    const y = b[i] ?? null
    if (x === y) continue
    if (x === null) return k.missingFirst ? -1 : 1
    if (y === null) return k.missingFirst ? 1 : -1
    const c = x < y ? -1 : x > y ? 1 : 0
    if (c !== 0) return k.order === 'asc' ? c : -c
  }
  return 0
}

/** `search_after` values converted to the sort keys' types (dates may come as strings). */
export function parseSearchAfter(raw: unknown, keys: readonly SortKey[], nowMs: number): SortValue[] {
  if (!Array.isArray(raw)) throw parsingError('[search_after] must be an array')
  if (keys.length === 0) throw illegalArgument('[search_after] requires a [sort] (the sandbox does not sort by _score alone)')
  if (raw.length !== keys.length) {
    throw illegalArgument(`search_after has ${raw.length} value(s) but sort has ${keys.length}.`)
  }
  return raw.map((v, i) => {
    const k = keys[i]
    if (v === null || !k) return null
    if (k.field === '_doc' || k.field === '_shard_doc' || k.field === '_score') {
      const n = Number(v)
      if (!Number.isFinite(n)) throw illegalArgument(`Failed to parse search_after value for field [${k.field}].`)
      return n
    }
    const type = fieldType(k.field)
    if (type === 'date') return parseDate(v, k.field, nowMs)
    if (type === 'long') return Number(v)
    return String(v)
  })
}
