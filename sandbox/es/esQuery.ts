import type { StoredLog } from '../store/logStore'
import { EsError, isRecord, parsingError } from './esError'
import { dateValues, fieldType, isTextType, parseDate, readValues } from './esFields'
import { matchesSimpleQuery, parseSimpleQueryString, resolveQueryFields, tokenize } from './esText'

export type DocPredicate = (entry: StoredLog) => boolean

/** Real ES queries the sandbox refuses rather than approximates (each would need real analysis). */
const KNOWN_UNSUPPORTED = new Set([
  'match', 'match_phrase', 'match_phrase_prefix', 'multi_match', 'query_string', 'prefix', 'wildcard', 'regexp',
  'fuzzy', 'nested', 'has_child', 'has_parent', 'function_score', 'script', 'script_score', 'dis_max', 'boosting',
  'constant_score', 'combined_fields', 'intervals', 'more_like_this', 'geo_distance', 'span_term', 'terms_set',
  'match_bool_prefix', 'knn', 'percolate', 'pinned', 'rank_feature', 'distance_feature', 'wrapper',
])

const MATCH_ALL: DocPredicate = () => true

/**
 * Compiles an ES query object into a predicate over documents. Supported: `match_all`,
 * `match_none`, `term`, `terms`, `range`, `exists`, `ids`, `bool` (filter/must/should/must_not,
 * minimum_should_match) and `simple_query_string`. Anything else throws an `EsError` with the
 * 400 Elasticsearch would send.
 */
export function compileQuery(query: unknown, nowMs: number): DocPredicate {
  if (query === undefined) return MATCH_ALL
  if (!isRecord(query)) throw parsingError('query malformed, must start with start_object')
  const keys = Object.keys(query)
  if (keys.length !== 1) {
    throw parsingError(keys.length === 0 ? 'query malformed, empty clause found' : `[${keys[0]}] malformed query, expected [END_OBJECT] but found [FIELD_NAME]`)
  }
  const type = keys[0] ?? ''
  const body = query[type]
  const recurse = (q: unknown): DocPredicate => compileQuery(q, nowMs)
  switch (type) {
    case 'match_all':
      return MATCH_ALL
    case 'match_none':
      return () => false
    case 'term':
      return termQuery(body, nowMs)
    case 'terms':
      return termsQuery(body, nowMs)
    case 'range':
      return rangeQuery(body, nowMs)
    case 'exists': {
      if (!isRecord(body) || typeof body.field !== 'string') throw parsingError('[exists] must be provided with a [field]')
      const field = body.field
      return (e) => readValues(e.doc, field).length > 0
    }
    case 'ids': {
      if (!isRecord(body) || !Array.isArray(body.values)) throw parsingError('[ids] requires [values]')
      const ids = new Set(body.values.map(String))
      return (e) => ids.has(e.id)
    }
    case 'bool':
      return boolQuery(body, recurse)
    case 'simple_query_string':
      return simpleQueryString(body)
    default:
      if (KNOWN_UNSUPPORTED.has(type)) {
        throw parsingError(`[${type}] query is not supported by the Traceboard sandbox (supported: term, terms, range, exists, ids, bool, simple_query_string, match_all)`)
      }
      throw parsingError(`unknown query [${type}]`)
  }
}

/** `{field: value}` or `{field: {value, boost, case_insensitive, _name}}`. */
function singleField(kind: string, body: unknown): [string, Record<string, unknown>] {
  if (!isRecord(body)) throw parsingError(`[${kind}] query malformed, no start_object after query name`)
  const fields = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name')
  if (fields.length !== 1) {
    throw parsingError(fields.length === 0 ? `[${kind}] query requires a field` : `[${kind}] query doesn't support multiple fields, found [${fields[0]}] and [${fields[1]}]`)
  }
  const field = fields[0] ?? ''
  const spec = body[field]
  return [field, isRecord(spec) ? spec : { value: spec }]
}

function valueMatcher(field: string, raw: unknown, nowMs: number, caseInsensitive: boolean): DocPredicate {
  if (raw === null || typeof raw === 'object' || raw === undefined) throw parsingError(`[term] query does not support a value of this type for [${field}]`)
  const type = fieldType(field)
  if (type === undefined) return () => false
  if (type === 'date') {
    const want = parseDate(raw, field, nowMs)
    return (e) => dateValues(e, field, nowMs).some((v) => v === want)
  }
  if (type === 'long') {
    const want = Number(raw)
    if (!Number.isFinite(want)) throw new EsError(400, 'query_shard_exception', `failed to create query: For input string: "${String(raw)}"`)
    return (e) => readValues(e.doc, field).some((v) => Number(v) === want)
  }
  const want = String(raw)
  if (isTextType(type)) return (e) => readValues(e.doc, field).some((v) => tokenize(String(v)).includes(want))
  if (caseInsensitive) {
    const lower = want.toLowerCase()
    return (e) => readValues(e.doc, field).some((v) => String(v).toLowerCase() === lower)
  }
  return (e) => readValues(e.doc, field).some((v) => String(v) === want)
}

function termQuery(body: unknown, nowMs: number): DocPredicate {
  const [field, spec] = singleField('term', body)
  for (const k of Object.keys(spec)) {
    if (!['value', 'boost', 'case_insensitive', '_name'].includes(k)) throw parsingError(`[term] query does not support [${k}]`)
  }
  return valueMatcher(field, spec.value, nowMs, spec.case_insensitive === true)
}

function termsQuery(body: unknown, nowMs: number): DocPredicate {
  if (!isRecord(body)) throw parsingError('[terms] query malformed, no start_object after query name')
  const fields = Object.keys(body).filter((k) => k !== 'boost' && k !== '_name')
  if (fields.length !== 1) throw parsingError(`[terms] query does not support multiple fields`)
  const field = fields[0] ?? ''
  const values = body[field]
  if (!Array.isArray(values)) throw parsingError(`[terms] query does not support terms lookup (the sandbox supports a list of values only)`)
  const matchers = values.map((v) => valueMatcher(field, v, nowMs, false))
  return (e) => matchers.some((m) => m(e))
}

function rangeQuery(body: unknown, nowMs: number): DocPredicate {
  const [field, spec] = singleField('range', body)
  const allowed = ['gte', 'gt', 'lte', 'lt', 'format', 'boost', 'time_zone', 'relation', '_name']
  for (const k of Object.keys(spec)) if (!allowed.includes(k)) throw parsingError(`[range] query does not support [${k}]`)
  if (spec.time_zone !== undefined && spec.time_zone !== 'UTC' && spec.time_zone !== 'Z' && spec.time_zone !== '+00:00') {
    throw parsingError('[range] time_zone other than UTC is not supported by the Traceboard sandbox')
  }
  const type = fieldType(field)
  if (type === undefined) return () => false
  const format = typeof spec.format === 'string' ? spec.format : undefined
  type Bound = { op: 'gte' | 'gt' | 'lte' | 'lt'; value: number | string }
  const bounds: Bound[] = []
  for (const op of ['gte', 'gt', 'lte', 'lt'] as const) {
    const raw = spec[op]
    if (raw === undefined || raw === null) continue
    if (type === 'date') bounds.push({ op, value: parseDate(raw, field, nowMs, format) })
    else if (type === 'long') bounds.push({ op, value: Number(raw) })
    else bounds.push({ op, value: String(raw) })
  }
  const inRange = (v: number | string): boolean =>
    bounds.every((b) => (b.op === 'gte' ? v >= b.value : b.op === 'gt' ? v > b.value : b.op === 'lte' ? v <= b.value : v < b.value))
  if (type === 'date') return (e) => dateValues(e, field, nowMs).some(inRange)
  return (e) =>
    readValues(e.doc, field).some((raw) => {
      if (type === 'long') return inRange(Number(raw))
      if (isTextType(type)) return tokenize(String(raw)).some(inRange)
      return inRange(String(raw))
    })
}

function clauses(body: Record<string, unknown>, key: string, recurse: (q: unknown) => DocPredicate): DocPredicate[] {
  const v = body[key]
  if (v === undefined) return []
  return (Array.isArray(v) ? v : [v]).map(recurse)
}

function boolQuery(body: unknown, recurse: (q: unknown) => DocPredicate): DocPredicate {
  if (!isRecord(body)) throw parsingError('[bool] query malformed, no start_object after query name')
  for (const k of Object.keys(body)) {
    if (!['filter', 'must', 'should', 'must_not', 'minimum_should_match', 'boost', '_name', 'adjust_pure_negative'].includes(k)) {
      throw parsingError(`[bool] query does not support [${k}]`)
    }
  }
  const must = [...clauses(body, 'filter', recurse), ...clauses(body, 'must', recurse)]
  const mustNot = clauses(body, 'must_not', recurse)
  const should = clauses(body, 'should', recurse)
  const msm = minimumShouldMatch(body.minimum_should_match, should.length, must.length > 0)
  return (e) => {
    for (const p of must) if (!p(e)) return false
    for (const p of mustNot) if (p(e)) return false
    if (msm === 0) return true
    let n = 0
    for (const p of should) if (p(e) && ++n >= msm) return true
    return false
  }
}

/** ES default: 1 when `should` stands alone, 0 next to must/filter. Integers, negatives and percentages. */
function minimumShouldMatch(raw: unknown, shouldCount: number, hasMust: boolean): number {
  if (raw === undefined) return shouldCount > 0 && !hasMust ? 1 : 0
  const s = String(raw).trim()
  const pct = /^(-?\d+)%$/.exec(s)
  let n: number
  if (pct) n = Math.trunc((shouldCount * Number(pct[1])) / 100)
  else if (/^-?\d+$/.test(s)) n = Number(s)
  else throw parsingError(`[bool] minimum_should_match [${s}] is not supported by the Traceboard sandbox`)
  if (n < 0) n = shouldCount + n
  return Math.max(0, Math.min(n, shouldCount))
}

function simpleQueryString(body: unknown): DocPredicate {
  if (!isRecord(body)) throw parsingError('[simple_query_string] malformed query')
  const allowed = ['query', 'fields', 'default_operator', 'lenient', 'analyze_wildcard', 'boost', '_name', 'auto_generate_synonyms_phrase_query', 'flags', 'fuzzy_max_expansions', 'fuzzy_prefix_length', 'fuzzy_transpositions']
  for (const k of Object.keys(body)) {
    if (!allowed.includes(k)) throw parsingError(`[simple_query_string] unsupported field [${k}]`)
  }
  if (typeof body.query !== 'string') throw parsingError('[simple_query_string] query text missing')
  if (body.analyze_wildcard === true) throw parsingError('[simple_query_string] analyze_wildcard is not supported by the Traceboard sandbox (prefix terms are matched unanalysed, as ES does by default)')
  if (body.flags !== undefined && body.flags !== 'ALL') throw parsingError('[simple_query_string] flags other than ALL are not supported by the Traceboard sandbox')
  const op = String(body.default_operator ?? 'or').toLowerCase()
  if (op !== 'and' && op !== 'or') throw parsingError(`[simple_query_string] default operator [${op}] is not allowed`)
  const fields = resolveQueryFields(Array.isArray(body.fields) ? body.fields.map(String) : undefined)
  const node = parseSimpleQueryString(body.query, op)
  if (!node) return () => false
  return (e) => matchesSimpleQuery(e.doc, node, fields)
}
