import { LOG_MAPPING_PRESETS, type LogFieldMapping, type LogMappingPresetId } from './mappingPresets'

/** A field as an index mapping declares it. */
export interface MappedField {
  path: string
  /** Field type; several indices of a pattern may disagree, joined with `|` then. */
  type: string
}

/** What `detectMappingPreset` found. */
export interface MappingDetection {
  /** The closest preset, when a trace-id field was found. */
  preset?: LogMappingPresetId
  /** Ready to use: the preset, or a `custom` one with query fields adjusted to the real types. */
  mapping?: LogFieldMapping
  /** The trace-id field found and the field a `term` query must use for it. */
  traceIdField?: MappedField & { queryField: string }
  /** Every field whose name looks like a trace id, to show when nothing fits. */
  candidates: MappedField[]
}

interface FieldInfo {
  types: Set<string>
  /** Subfield name → types (`traceId.keyword`). */
  subfields: Map<string, Set<string>>
  aliasPath?: string
}

const KEYWORD_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard'])
const TRACE_ID_NAME = /trace[._-]?id$/i

// Order matters: Elastic's OTel data streams also define `trace.id` as an alias of `trace_id`,
// so `trace_id` is tried first; raw `TraceId` last (BACKENDS.md "Logs").
const RULES: readonly { preset: LogMappingPresetId; traceField: string }[] = [
  { preset: 'otel', traceField: 'trace_id' },
  { preset: 'ecs', traceField: 'trace.id' },
  { preset: 'spring-logstash', traceField: 'traceId' },
  { preset: 'otel-raw', traceField: 'TraceId' },
]

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Suggests a field mapping from a `GET <index>/_mapping` response (`{<index>: {mappings:
 * {properties}}}`; ES 6 nests one type name deeper). Which trace-id field exists, with which
 * type, decides: `trace_id` → otel, `trace.id` → ecs, `traceId` → spring-logstash, `TraceId` →
 * otel-raw. Keyword-ness is checked, so `trace_id` found as `text` + `.keyword` yields a
 * custom mapping querying `trace_id.keyword` (OTel Java agent MDC through logstash).
 */
export function detectMappingPreset(mappingResponse: unknown): MappingDetection {
  const fields = collectFields(mappingResponse)
  const candidates: MappedField[] = []
  for (const [path, info] of fields) {
    if (TRACE_ID_NAME.test(path)) candidates.push({ path, type: [...info.types].join('|') })
  }
  for (const rule of RULES) {
    const info = fields.get(rule.traceField)
    if (!info) continue
    const queryField = keywordFieldFor(rule.traceField, fields)
    if (queryField === undefined) continue
    const preset = LOG_MAPPING_PRESETS[rule.preset]
    return {
      preset: rule.preset,
      mapping: adaptQueryFields(preset, fields),
      traceIdField: { path: rule.traceField, type: [...info.types].join('|'), queryField },
      candidates,
    }
  }
  return { candidates }
}

/** The field to run `term` on for `path`: itself if keyword, else a keyword subfield. */
function keywordFieldFor(path: string, fields: ReadonlyMap<string, FieldInfo>): string | undefined {
  const info = fields.get(path)
  if (!info) return undefined
  const target = info.aliasPath !== undefined ? fields.get(info.aliasPath) : info
  if (target && [...target.types].every((t) => KEYWORD_TYPES.has(t)) && target.types.size > 0) return path
  for (const [name, types] of info.subfields) {
    if ([...types].every((t) => KEYWORD_TYPES.has(t))) return `${path}.${name}`
  }
  return undefined
}

/** The preset with each exact-match query field moved to where the mapping has a keyword. */
function adaptQueryFields(preset: LogFieldMapping, fields: ReadonlyMap<string, FieldInfo>): LogFieldMapping {
  const query = { ...preset.query }
  let changed = false
  for (const key of ['traceId', 'spanId', 'level', 'service'] as const) {
    const base = query[key].replace(/\.keyword$/, '')
    const found = keywordFieldFor(base, fields)
    if (found !== undefined && found !== query[key]) {
      query[key] = found
      changed = true
    }
  }
  return changed ? { ...preset, id: 'custom', query } : preset
}

/** Flattens the mappings of every index in the response into dotted paths. */
function collectFields(response: unknown): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>()
  if (!isRecord(response)) return out
  for (const index of Object.values(response)) {
    if (!isRecord(index) || !isRecord(index.mappings)) continue
    const mappings = index.mappings
    if (isRecord(mappings.properties)) {
      walk(mappings.properties, '', out)
    } else {
      // ES 6: {mappings: {<type>: {properties}}}
      for (const typed of Object.values(mappings)) {
        if (isRecord(typed) && isRecord(typed.properties)) walk(typed.properties, '', out)
      }
    }
  }
  return out
}

function walk(properties: Record<string, unknown>, prefix: string, out: Map<string, FieldInfo>): void {
  for (const [name, def] of Object.entries(properties)) {
    if (!isRecord(def)) continue
    const path = prefix + name
    // Objects (and OTel `passthrough` objects) only hold properties; they are not fields.
    if (isRecord(def.properties)) walk(def.properties, `${path}.`, out)
    const type = typeof def.type === 'string' ? def.type : isRecord(def.properties) ? undefined : 'object'
    if (type === undefined || type === 'object' || type === 'nested' || type === 'passthrough') continue
    const info = out.get(path) ?? { types: new Set<string>(), subfields: new Map<string, Set<string>>() }
    info.types.add(type)
    if (type === 'alias' && typeof def.path === 'string') info.aliasPath = def.path
    if (isRecord(def.fields)) {
      for (const [sub, subDef] of Object.entries(def.fields)) {
        if (!isRecord(subDef) || typeof subDef.type !== 'string') continue
        const set = info.subfields.get(sub) ?? new Set<string>()
        set.add(subDef.type)
        info.subfields.set(sub, set)
      }
    }
    out.set(path, info)
  }
}
