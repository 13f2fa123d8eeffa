import { fieldTouches, globsIntersect } from './globs'
import { parseKeepAlive } from './logRoutes'

export interface SearchBodyPolicy {
  maxSize: number
  /** `from + size` beyond this is refused (Elasticsearch's default `max_result_window`). */
  maxWindow: number
  /** Never readable or queryable. */
  forbiddenFields: readonly string[]
  /** Masked in `_source`; refused wherever raw values would come back (aggregations, sort, docvalue fields…). */
  maskedFields: readonly string[]
  maxPitKeepAliveMs: number
}

export type SearchBodyCheck =
  | { ok: true; body: Record<string, unknown>; pitId: string | undefined }
  | { ok: false; reason: string }

/** Top-level search keys the UI may need. `suggest` (returns terms), `rescore`, `knn`, `profile`, `explain`, `ext`… are refused. */
const TOP_LEVEL = new Set([
  'query', 'post_filter', 'aggs', 'aggregations', 'size', 'from', 'sort', 'search_after', 'track_total_hits',
  '_source', 'fields', 'docvalue_fields', 'stored_fields', 'highlight', 'collapse', 'pit', 'timeout',
  'terminate_after', 'track_scores', 'min_score', 'version', 'seq_no_primary_term',
])

// Scripts run code on the cluster; runtime fields are scripts; query_string has a syntax that
// throws and reaches any field (grafana #2981); terms lookup, percolate, more_like_this and
// indexed shapes read documents from OTHER indices; top_hits/top_metrics/inner_hits return
// documents outside `hits.hits`, where masking would not see them.
const FORBIDDEN_KEYS = new Set([
  'script', 'script_fields', 'runtime_mappings', 'query_string', 'scripted_metric', 'percolate',
  'more_like_this', 'indexed_shape', 'index', '_index', 'top_hits', 'top_metrics', 'inner_hits', 'scroll',
])

/** Queries that probe a field's value character by character. */
const PROBING_QUERIES = new Set(['prefix', 'wildcard', 'regexp', 'fuzzy', 'match_phrase_prefix', 'match_bool_prefix', 'intervals'])
/** Queries that search a list of fields (all fields when the list is missing). */
const MULTI_FIELD_QUERIES = new Set(['simple_query_string', 'multi_match', 'combined_fields'])

const MAX_DEPTH = 64

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason)
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function touches(reference: string, patterns: readonly string[], includeParents: boolean): string | undefined {
  for (const p of patterns) {
    const hit = includeParents ? fieldTouches(reference, p) : globsIntersect(reference, p) || globsIntersect(reference, `${p}.*`)
    if (hit) return p
  }
  return undefined
}

/** Field names listed in `fields`, `docvalue_fields`, `stored_fields`, `_source` includes. */
function fieldList(value: unknown, where: string): string[] {
  const items = Array.isArray(value) ? value : [value]
  return items.map((item) => {
    if (typeof item === 'string') return item
    if (isObject(item) && typeof item.field === 'string') return item.field
    return refuse(`${where} must list field names`)
  })
}

function sourceIncludes(source: unknown): string[] {
  if (source === undefined || typeof source === 'boolean') return []
  if (typeof source === 'string' || Array.isArray(source)) return fieldList(source, '_source')
  if (isObject(source)) {
    const inc = source.includes ?? source.include
    return inc === undefined ? [] : fieldList(inc, '_source.includes')
  }
  return refuse('_source has an unexpected shape')
}

/** Every `field` value and `fields` entry anywhere below `value` (aggregations). */
function referencedFields(value: unknown): string[] {
  const out: string[] = []
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (Array.isArray(v)) stack.push(...v)
    else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'field' && typeof child === 'string') out.push(child)
        else if (k === 'fields' && Array.isArray(child)) out.push(...child.filter((c): c is string => typeof c === 'string'))
        stack.push(child)
      }
    }
  }
  return out
}

function sortFields(sort: unknown): string[] {
  const items = Array.isArray(sort) ? sort : [sort]
  const out: string[] = []
  for (const item of items) {
    if (typeof item === 'string') out.push(item)
    else if (isObject(item)) out.push(...Object.keys(item))
  }
  return out.filter((f) => f !== '_score' && f !== '_doc' && f !== '_shard_doc')
}

function highlightFields(highlight: unknown): string[] {
  if (!isObject(highlight)) return []
  const fields = highlight.fields
  if (Array.isArray(fields)) return fields.flatMap((f) => (isObject(f) ? Object.keys(f) : []))
  return isObject(fields) ? Object.keys(fields) : []
}

function checkSizeAndFrom(body: Record<string, unknown>, policy: SearchBodyPolicy): void {
  const size = body.size ?? 10
  const from = body.from ?? 0
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) refuse('size must be a non-negative integer')
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) refuse('from must be a non-negative integer')
  if (size > policy.maxSize) refuse(`size ${size} is above the limit of ${policy.maxSize}`)
  if (from + size > policy.maxWindow) refuse(`from + size is above ${policy.maxWindow}; page with search_after`)
}

/** Walks the whole body once: forbidden keys, forbidden field names, probing queries on protected fields. */
function walk(body: Record<string, unknown>, policy: SearchBodyPolicy, protectedFields: readonly string[]): void {
  const stack: { value: unknown; depth: number }[] = [{ value: body, depth: 0 }]
  while (stack.length > 0) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number }
    if (depth > MAX_DEPTH) refuse('search body is nested too deeply')
    if (Array.isArray(value)) {
      for (const v of value) stack.push({ value: v, depth: depth + 1 })
      continue
    }
    if (!isObject(value)) continue
    for (const [key, child] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key) || key.endsWith('_script')) {
        refuse(`"${key}" is not allowed (scripts, runtime fields, query_string, cross-index lookups and nested hits are refused)`)
      }
      const f = touches(key, policy.forbiddenFields, false)
      if (f) refuse(`field "${key}" is forbidden (${f})`)
      if (key === 'field' && typeof child === 'string') {
        const g = touches(child, policy.forbiddenFields, false)
        if (g) refuse(`field "${child}" is forbidden (${g})`)
      }
      if (key === 'fields' && Array.isArray(child)) {
        for (const name of child) {
          const g = typeof name === 'string' ? touches(name, policy.forbiddenFields, true) : undefined
          if (g) refuse(`field "${String(name)}" is forbidden (${g})`)
        }
      }
      if (PROBING_QUERIES.has(key) && isObject(child)) {
        for (const field of Object.keys(child)) {
          const p = touches(field, protectedFields, false)
          if (p) refuse(`${key} queries on protected field "${field}" are refused (${p})`)
        }
      }
      if (MULTI_FIELD_QUERIES.has(key) && isObject(child) && protectedFields.length > 0) {
        if (!Array.isArray(child.fields)) refuse(`${key} must list its fields while fields are masked or forbidden`)
        for (const field of child.fields) {
          const p = typeof field === 'string' ? touches(field.replace(/\^[\d.]+$/, ''), protectedFields, false) : undefined
          if (p) refuse(`${key} on protected field "${String(field)}" is refused (${p})`)
        }
      }
      stack.push({ value: child, depth: depth + 1 })
    }
  }
}

/** Places where a search would return raw field values: protected fields are refused there. */
function checkValueReturningParts(body: Record<string, unknown>, policy: SearchBodyPolicy, protectedFields: readonly string[]): void {
  for (const name of sourceIncludes(body._source)) {
    const f = touches(name, policy.forbiddenFields, true)
    if (f) refuse(`_source includes forbidden field "${name}" (${f})`)
  }
  const returning: [string, string[]][] = [
    ['fields', body.fields === undefined ? [] : fieldList(body.fields, 'fields')],
    ['docvalue_fields', body.docvalue_fields === undefined ? [] : fieldList(body.docvalue_fields, 'docvalue_fields')],
    ['stored_fields', body.stored_fields === undefined ? [] : fieldList(body.stored_fields, 'stored_fields')],
    ['sort', sortFields(body.sort)],
    ['collapse', isObject(body.collapse) && typeof body.collapse.field === 'string' ? [body.collapse.field] : []],
    ['highlight', highlightFields(body.highlight)],
    ['aggregations', [...referencedFields(body.aggs), ...referencedFields(body.aggregations)]],
  ]
  for (const [where, names] of returning) {
    for (const name of names) {
      const p = touches(name, protectedFields, true)
      if (p) refuse(`${where} would return raw values of protected field "${name}" (${p})`)
    }
  }
}

function checkPit(body: Record<string, unknown>, mode: 'index' | 'pit', policy: SearchBodyPolicy): string | undefined {
  if (mode === 'index') {
    if (body.pit !== undefined) refuse('a point-in-time search must not name an index in the path')
    return undefined
  }
  const pit = body.pit
  if (!isObject(pit) || typeof pit.id !== 'string' || pit.id === '') refuse('a search without an index needs pit.id')
  for (const k of Object.keys(pit)) if (k !== 'id' && k !== 'keep_alive') refuse(`pit.${k} is not allowed`)
  if (pit.keep_alive !== undefined) {
    const ms = typeof pit.keep_alive === 'string' ? parseKeepAlive(pit.keep_alive) : undefined
    if (ms === undefined || ms > policy.maxPitKeepAliveMs) refuse('pit.keep_alive is invalid or too long')
  }
  return pit.id
}

/**
 * Checks a `_search` body before it reaches Elasticsearch/OpenSearch. `mode` is `index` for
 * `/<index>/_search` and `pit` for the index-less search by point-in-time. The gateway forwards
 * the very object it checked (re-serialised), so no parser difference can slip anything past.
 */
export function checkSearchBody(body: unknown, policy: SearchBodyPolicy, mode: 'index' | 'pit'): SearchBodyCheck {
  try {
    const b = body === undefined || body === null ? {} : body
    if (!isObject(b)) refuse('search body must be a JSON object')
    for (const key of Object.keys(b)) if (!TOP_LEVEL.has(key)) refuse(`"${key}" is not allowed in a search body`)
    const protectedFields = [...policy.forbiddenFields, ...policy.maskedFields]
    checkSizeAndFrom(b, policy)
    walk(b, policy, protectedFields)
    checkValueReturningParts(b, policy, protectedFields)
    const pitId = checkPit(b, mode, policy)
    return { ok: true, body: b, pitId }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.message }
    throw e
  }
}
