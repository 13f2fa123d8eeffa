import type { PlannedLog } from '../model/requestPlan'
import { SERVICE_VERSIONS, type ServiceName } from '../model/topology'

/** A JSON value as stored and served by the sandbox's Elasticsearch API. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

/** The one index the sandbox serves. */
export const LOG_INDEX = 'logs-sandbox'

export interface LogContext {
  service: ServiceName
  traceId: string
  spanId: string
  tenantId: string
  customerId: string
}

/**
 * One log record as an Elastic Common Schema document, shaped like what the OTel Collector's
 * elasticsearchexporter writes in `ecs` mode (contracts/logs/doc-ecs.json): nested objects,
 * `@timestamp`, `log.level`, `service.name`, `trace.id`, `span.id`, and `error.stack_trace`
 * for failures. `tenant.id`/`customer.id` are the back-office's business context (custom fields).
 */
export function toLogDocument(entry: PlannedLog, ctx: LogContext): JsonObject {
  const doc: JsonObject = {
    '@timestamp': new Date(entry.timeMs).toISOString(),
    log: { level: entry.level, logger: entry.logger },
    message: entry.message,
    service: { name: ctx.service, version: SERVICE_VERSIONS[ctx.service], environment: 'demo' },
    host: { name: `${ctx.service}-0` },
    event: { dataset: `${ctx.service}.log` },
    trace: { id: ctx.traceId },
    span: { id: ctx.spanId },
    tenant: { id: ctx.tenantId },
    customer: { id: ctx.customerId },
  }
  if (entry.error) {
    doc.error = { type: entry.error.type, message: entry.error.message, stack_trace: entry.error.stackTrace }
  }
  for (const [path, value] of Object.entries(entry.fields ?? {})) setPath(doc, path, value)
  return doc
}

/** Sets `a.b.c` as nested objects, the way ECS documents are written. */
function setPath(doc: JsonObject, path: string, value: JsonValue): void {
  const parts = path.split('.')
  let node = doc
  for (const part of parts.slice(0, -1)) {
    const next = node[part]
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next
    else {
      const created: JsonObject = {}
      node[part] = created
      node = created
    }
  }
  const last = parts[parts.length - 1]
  if (last !== undefined) node[last] = value
}
