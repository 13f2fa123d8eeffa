import { LogQueryError } from './logQueryError'
import { isSafeFieldName } from './logQueryInput'
import { LOG_MAPPING_PRESET_IDS, type LogMappingPresetId } from './logMappingPresetIds'

export { LOG_MAPPING_PRESET_IDS, type LogMappingPresetId }

/** Fields sent in queries: keyword (or date) fields, exact-match. */
export interface LogQueryFields {
  timestamp: string
  traceId: string
  spanId: string
  level: string
  /** OTel SeverityNumber, when the store keeps it: level filters then also match by number. */
  severityNumber?: string
  service: string
  /** Full-text fields searched by `simple_query_string`. */
  text: readonly string[]
}

/** Where values are read in `_source`, first path that has one wins. */
export interface LogReadPaths {
  timestamp: readonly string[]
  traceId: readonly string[]
  spanId: readonly string[]
  level: readonly string[]
  severityNumber?: readonly string[]
  message: readonly string[]
  service: readonly string[]
  logger: readonly string[]
}

/** How one log store names its fields. */
export interface LogFieldMapping {
  id: LogMappingPresetId | 'custom'
  query: LogQueryFields
  read: LogReadPaths
  /** Service name for records that carry none (e.g. one index per Spring application). */
  serviceName?: string
  /**
   * Second sort key for `search_after`. Without a point-in-time `_shard_doc` is refused, so the
   * default is `_doc`, which is only unique per shard: two records of the same millisecond on
   * different shards can repeat or be skipped at a page boundary. A unique keyword field (an
   * event id with doc values) removes that; `_id` is not sortable by default on ES 8.
   */
  tiebreaker: string
  /** Appended to business-context field names (`customer.id` → `customer.id.keyword`). */
  businessFieldSuffix: string
}

/** Elastic Common Schema (ecs schemas/tracing.yml, log.yml, service.yml: all keyword fields). */
const ECS: LogFieldMapping = {
  id: 'ecs',
  query: {
    timestamp: '@timestamp',
    traceId: 'trace.id',
    spanId: 'span.id',
    level: 'log.level',
    service: 'service.name',
    text: ['message'],
  },
  read: {
    timestamp: ['@timestamp'],
    traceId: ['trace.id'],
    spanId: ['span.id'],
    level: ['log.level'],
    message: ['message'],
    service: ['service.name'],
    logger: ['log.logger'],
  },
  tiebreaker: '_doc',
  businessFieldSuffix: '',
}

/**
 * OTel-native mapping of Elasticsearch (elasticsearchexporter `mapping::mode: otel`, the
 * `logs-*.otel-*` data streams): snake_case top-level ids, `severity_text`/`severity_number`,
 * `body.text` (or `body.structured`), resource attributes as literal dotted keys.
 */
const OTEL: LogFieldMapping = {
  id: 'otel',
  query: {
    timestamp: '@timestamp',
    traceId: 'trace_id',
    spanId: 'span_id',
    level: 'severity_text',
    severityNumber: 'severity_number',
    service: 'resource.attributes.service.name',
    text: ['body.text'],
  },
  read: {
    timestamp: ['@timestamp', 'observed_timestamp'],
    traceId: ['trace_id'],
    spanId: ['span_id'],
    level: ['severity_text'],
    severityNumber: ['severity_number'],
    message: ['body.text', 'body.structured', 'body', 'message'],
    service: ['resource.attributes.service.name', 'service.name'],
    logger: ['scope.name'],
  },
  tiebreaker: '_doc',
  businessFieldSuffix: '',
}

/**
 * The exporter's `none`/raw mode: OTLP field names as flat keys (`TraceId`, `Body`,
 * "Resource.service.name"). Their types come from the index template; run mapping detection
 * when the index has only dynamic `text` + `.keyword` fields.
 */
const OTEL_RAW: LogFieldMapping = {
  id: 'otel-raw',
  query: {
    timestamp: '@timestamp',
    traceId: 'TraceId',
    spanId: 'SpanId',
    level: 'SeverityText',
    severityNumber: 'SeverityNumber',
    service: 'Resource.service.name',
    text: ['Body'],
  },
  read: {
    timestamp: ['@timestamp', 'Timestamp'],
    traceId: ['TraceId'],
    spanId: ['SpanId'],
    level: ['SeverityText'],
    severityNumber: ['SeverityNumber'],
    message: ['Body'],
    service: ['Resource.service.name'],
    logger: ['Scope.name'],
  },
  tiebreaker: '_doc',
  businessFieldSuffix: '',
}

/**
 * logstash-logback-encoder with Micrometer Tracing MDC (`traceId`, `spanId`) into an index
 * without a template: dynamic mapping makes every string `text` with a `.keyword` subfield.
 * The service is a custom field (`app` by convention) or the configured `serviceName`.
 */
const SPRING_LOGSTASH: LogFieldMapping = {
  id: 'spring-logstash',
  query: {
    timestamp: '@timestamp',
    traceId: 'traceId.keyword',
    spanId: 'spanId.keyword',
    level: 'level.keyword',
    service: 'app.keyword',
    text: ['message'],
  },
  read: {
    timestamp: ['@timestamp'],
    traceId: ['traceId'],
    spanId: ['spanId'],
    level: ['level'],
    message: ['message'],
    service: ['app', 'service', 'application', 'spring.application.name'],
    logger: ['logger_name'],
  },
  tiebreaker: '_doc',
  businessFieldSuffix: '.keyword',
}

/** The built-in presets, by id. */
export const LOG_MAPPING_PRESETS: Readonly<Record<LogMappingPresetId, LogFieldMapping>> = {
  ecs: ECS,
  otel: OTEL,
  'otel-raw': OTEL_RAW,
  'spring-logstash': SPRING_LOGSTASH,
}

/** A mapping where any field can be set; unset ones come from `base` (default `ecs`). */
export interface CustomLogMapping {
  base?: LogMappingPresetId
  query?: Partial<LogQueryFields>
  read?: Partial<LogReadPaths>
  serviceName?: string
  tiebreaker?: string
  businessFieldSuffix?: string
}

/** What config may say: a preset id or a custom mapping. */
export type LogMappingConfig = LogMappingPresetId | CustomLogMapping

export function isLogMappingPresetId(value: unknown): value is LogMappingPresetId {
  return typeof value === 'string' && (LOG_MAPPING_PRESET_IDS as readonly string[]).includes(value)
}

/**
 * Turns config into a complete mapping, checking every field name it will send or read.
 * Throws `LogQueryError` (`invalidMapping`) with the offending field.
 */
export function resolveLogMapping(config: LogMappingConfig): LogFieldMapping {
  if (typeof config === 'string') {
    if (!isLogMappingPresetId(config)) {
      throw new LogQueryError({ kind: 'invalidMapping', message: `unknown preset ${JSON.stringify(config)}` })
    }
    return LOG_MAPPING_PRESETS[config]
  }
  const baseId = config.base ?? 'ecs'
  if (!isLogMappingPresetId(baseId)) {
    throw new LogQueryError({ kind: 'invalidMapping', message: `unknown base preset ${JSON.stringify(baseId)}` })
  }
  const base = LOG_MAPPING_PRESETS[baseId]
  const mapping: LogFieldMapping = {
    id: 'custom',
    query: { ...base.query, ...config.query },
    read: { ...base.read, ...config.read },
    serviceName: config.serviceName ?? base.serviceName,
    tiebreaker: config.tiebreaker ?? base.tiebreaker,
    businessFieldSuffix: config.businessFieldSuffix ?? base.businessFieldSuffix,
  }
  checkMapping(mapping)
  return mapping
}

function checkMapping(m: LogFieldMapping): void {
  const bad = (what: string, name: unknown): never => {
    throw new LogQueryError({ kind: 'invalidMapping', message: `${what}: ${JSON.stringify(name)} is not a valid field name` })
  }
  // Config may come from plain JavaScript or JSON: check types too, not just the charset.
  const field = (what: string, name: unknown): void => {
    if (typeof name !== 'string' || !isSafeFieldName(name)) bad(what, name)
  }
  const fields = (what: string, names: unknown, required: boolean): void => {
    if (names === undefined && !required) return
    if (!Array.isArray(names) || (required && names.length === 0)) return bad(what, names)
    for (const name of names) field(what, name)
  }
  const { text, severityNumber, ...single } = m.query
  for (const [key, name] of Object.entries(single)) field(`query.${key}`, name)
  if (severityNumber !== undefined) field('query.severityNumber', severityNumber)
  fields('query.text', text, true)
  for (const [key, paths] of Object.entries(m.read)) fields(`read.${key}`, paths, false)
  if (m.tiebreaker !== '_doc') field('tiebreaker', m.tiebreaker)
  if (typeof m.businessFieldSuffix !== 'string' || (m.businessFieldSuffix !== '' && !isSafeFieldName(`x${m.businessFieldSuffix}`))) {
    bad('businessFieldSuffix', m.businessFieldSuffix)
  }
  if (m.serviceName !== undefined && typeof m.serviceName !== 'string') bad('serviceName', m.serviceName)
}

/** One path per field, each read where it is queried unless a keyword query field is named. */
export interface FlatLogMapping {
  timestamp: string
  level: string
  message: string
  service: string
  traceId: string
  spanId: string
  traceIdQueryField?: string
  spanIdQueryField?: string
  levelQueryField?: string
  serviceQueryField?: string
}

/** Turns the flat one-field-each form (as install options spell it) into a `CustomLogMapping`. */
export function customLogMappingFromFlat(flat: FlatLogMapping): CustomLogMapping {
  return {
    base: 'ecs',
    query: {
      timestamp: flat.timestamp,
      traceId: flat.traceIdQueryField ?? flat.traceId,
      spanId: flat.spanIdQueryField ?? flat.spanId,
      level: flat.levelQueryField ?? flat.level,
      service: flat.serviceQueryField ?? flat.service,
      text: [flat.message],
    },
    read: {
      timestamp: [flat.timestamp],
      traceId: [flat.traceId],
      spanId: [flat.spanId],
      level: [flat.level],
      message: [flat.message],
      service: [flat.service],
      logger: [],
    },
  }
}
