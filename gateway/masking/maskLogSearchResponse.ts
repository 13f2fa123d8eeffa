import type { FieldMasker } from './fieldMasker'

const DROP = Symbol('drop')
const MAX_DEPTH = 100

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// `_source` may hold a field nested (`{user: {email}}`), flattened (`{"user.email": …}`) or
// mixed; the dotted path of each node is the same in all three, so rules match on it. Array
// items keep their parent's path (Elasticsearch has no array index in field names).
function maskTree(value: unknown, path: string, masker: FieldMasker, depth: number): unknown {
  if (path !== '') {
    const rule = masker.find(path)
    if (rule) return rule.action === 'drop' ? DROP : masker.apply(rule, value)
  }
  return maskInside(value, path, masker, depth)
}

function maskInside(value: unknown, path: string, masker: FieldMasker, depth: number): unknown {
  // Deeper than any real document: fail closed rather than pass it unexamined.
  if (depth > MAX_DEPTH) return DROP
  if (Array.isArray(value)) {
    const out: unknown[] = []
    for (const item of value) {
      const masked = maskInside(item, path, masker, depth + 1)
      if (masked !== DROP) out.push(masked)
    }
    return out
  }
  if (!isObject(value)) return value
  for (const [key, child] of Object.entries(value)) {
    const masked = maskTree(child, path === '' ? key : `${path}.${key}`, masker, depth + 1)
    if (masked === DROP) delete value[key]
    else value[key] = masked
  }
  return value
}

/** Masks one keyed map whose keys are full field names (`fields`, `highlight` of a hit). */
function maskFieldMap(map: Record<string, unknown>, masker: FieldMasker): void {
  for (const [key, child] of Object.entries(map)) {
    const masked = maskTree(child, key, masker, 0)
    if (masked === DROP) delete map[key]
    else map[key] = masked
  }
}

/**
 * Masks an Elasticsearch/OpenSearch search response in place: `_source`, `fields` and
 * `highlight` of every hit in `hits.hits`. (Aggregations on protected fields and nested hits
 * are refused by the request policy, so nothing else carries document values.)
 */
export function maskLogSearchResponse(body: unknown, masker: FieldMasker): void {
  if (masker.rules.length === 0 || !isObject(body) || !isObject(body.hits) || !Array.isArray(body.hits.hits)) return
  for (const hit of body.hits.hits) {
    if (!isObject(hit)) continue
    if (isObject(hit._source)) maskInside(hit._source, '', masker, 0)
    if (isObject(hit.fields)) maskFieldMap(hit.fields, masker)
    if (isObject(hit.highlight)) maskFieldMap(hit.highlight, masker)
  }
}
