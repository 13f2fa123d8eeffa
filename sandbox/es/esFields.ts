import type { JsonObject, JsonValue } from '../logs/logDocument'
import { EsError } from './esError'

export type FieldType = 'date' | 'keyword' | 'wildcard' | 'match_only_text' | 'long'

/** The mapping of the sandbox's log index: the ECS types of the fields it writes (ecs schemas/*.yml). */
export const LOG_FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  '@timestamp': 'date',
  message: 'match_only_text',
  'log.level': 'keyword',
  'log.logger': 'keyword',
  'service.name': 'keyword',
  'service.version': 'keyword',
  'service.environment': 'keyword',
  'host.name': 'keyword',
  'event.dataset': 'keyword',
  'trace.id': 'keyword',
  'span.id': 'keyword',
  'tenant.id': 'keyword',
  'customer.id': 'keyword',
  'error.type': 'keyword',
  'error.message': 'match_only_text',
  'error.stack_trace': 'wildcard',
  'http.request.method': 'keyword',
  'http.response.status_code': 'long',
  'url.path': 'wildcard',
}

export function fieldType(field: string): FieldType | undefined {
  return LOG_FIELD_TYPES[field]
}

export function isTextType(t: FieldType | undefined): boolean {
  return t === 'match_only_text'
}

/** `GET <index>/_mapping` body: the flat field list as nested `properties`. */
export function mappingProperties(): JsonObject {
  const root: JsonObject = {}
  for (const [path, type] of Object.entries(LOG_FIELD_TYPES)) {
    const parts = path.split('.')
    let node = root
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = { type }
        return
      }
      const existing = node[part]
      const props =
        typeof existing === 'object' && existing !== null && !Array.isArray(existing) && typeof existing.properties === 'object'
          ? (existing.properties as JsonObject)
          : {}
      node[part] = { properties: props }
      node = props
    })
  }
  return root
}

type Primitive = string | number | boolean

/** Values at a dotted path, through nested objects or literal dotted keys, arrays flattened. */
export function readValues(doc: JsonValue, path: string): Primitive[] {
  const out: Primitive[] = []
  collect(doc, path.split('.'), out)
  return out
}

function collect(node: JsonValue | undefined, parts: string[], out: Primitive[]): void {
  if (node === undefined || node === null) return
  if (Array.isArray(node)) {
    for (const item of node) collect(item, parts, out)
    return
  }
  if (parts.length === 0) {
    if (typeof node !== 'object') out.push(node)
    return
  }
  if (typeof node !== 'object') return
  // Both `{"trace": {"id": …}}` and `{"trace.id": …}` are valid ways to write the same field.
  for (let i = 1; i <= parts.length; i++) {
    const key = parts.slice(0, i).join('.')
    if (Object.prototype.hasOwnProperty.call(node, key)) collect(node[key], parts.slice(i), out)
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * A date as ES reads it on a `date` field: epoch millis (number, or string with format
 * `epoch_millis`), ISO-8601, or date math (`now-15m`, `now-1d/d`). Throws ES's parse error.
 */
export function parseDate(value: unknown, field: string, nowMs: number, format?: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const v = value.trim()
    if (/^-?\d+$/.test(v) && (format === undefined || format.includes('epoch_millis'))) return Number(v)
    const math = /^now((?:[+-]\d+[smhHdw])*)(?:\/([smhHd]))?$/.exec(v)
    if (math) {
      let t = nowMs
      for (const [, sign, n, unit] of (math[1] ?? '').matchAll(/([+-])(\d+)([smhHdw])/g)) {
        t += (sign === '-' ? -1 : 1) * Number(n) * (UNIT_MS[unit ?? ''] ?? 0)
      }
      const round = math[2]
      if (round) t = Math.floor(t / (UNIT_MS[round] ?? 1)) * (UNIT_MS[round] ?? 1)
      return t
    }
    const parsed = Date.parse(v)
    if (!Number.isNaN(parsed)) return parsed
  }
  throw new EsError(400, 'parse_exception', `failed to parse date field [${String(value)}] with format [${format ?? 'strict_date_optional_time||epoch_millis'}]: [failed to parse date field [${String(value)}]] on field [${field}]`)
}

/**
 * Epoch-ms values of a date field; `@timestamp` comes pre-parsed from the store. A `date` field
 * holds whole milliseconds (as the document's ISO string does): the store's sub-millisecond
 * fraction is dropped, or the sandbox would order, filter and return sort values by a precision
 * the real engine never sees (records of one millisecond are in `_doc` order there).
 */
export function dateValues(entry: { timestampMs: number; doc: JsonValue }, field: string, nowMs: number): number[] {
  if (field === '@timestamp') return [Math.floor(entry.timestampMs)]
  return readValues(entry.doc, field).map((v) => parseDate(v, field, nowMs))
}
