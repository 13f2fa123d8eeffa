import type { JsonObject } from './logDocument'

/**
 * ECS log records into a real OpenSearch/Elasticsearch the way a Logstash or collector
 * deployment writes them: an index template for `logs-*` with `trace.id` and the other ids as
 * keywords, daily indices `logs-YYYY.MM.DD` (UTC), documents sent with `_bulk`.
 */
export const LOG_TEMPLATE_NAME = 'traceboard-logs'
export const LOG_INDEX_PATTERN = 'logs-*'

export function ecsLogTemplate(): JsonObject {
  const keyword = { type: 'keyword' }
  return {
    index_patterns: [LOG_INDEX_PATTERN],
    template: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          log: { properties: { level: keyword, logger: keyword } },
          service: { properties: { name: keyword, version: keyword, environment: keyword } },
          host: { properties: { name: keyword } },
          event: { properties: { dataset: keyword } },
          trace: { properties: { id: keyword } },
          span: { properties: { id: keyword } },
          tenant: { properties: { id: keyword } },
          customer: { properties: { id: keyword } },
          error: { properties: { type: keyword, message: { type: 'text' }, stack_trace: { type: 'text' } } },
        },
      },
    },
  }
}

/** `logs-2026.12.03` for a time in that UTC day. */
export function dailyLogIndex(timeMs: number): string {
  return `logs-${new Date(timeMs).toISOString().slice(0, 10).replace(/-/g, '.')}`
}

async function call(url: string, init: RequestInit, what: string): Promise<JsonObject> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 500)}`)
  return JSON.parse(text) as JsonObject
}

export async function putLogTemplate(baseUrl: string): Promise<void> {
  await call(
    `${baseUrl}/_index_template/${LOG_TEMPLATE_NAME}`,
    { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ecsLogTemplate()) },
    'index template',
  )
}

/**
 * Bulk-indexes documents into their daily indices and throws with the first item error when
 * any document was refused. With `refresh` (tests) the last request waits until they are
 * searchable; a live shipper leaves that to the index's refresh interval.
 */
export async function bulkIndexLogs(baseUrl: string, docs: readonly { timeMs: number; doc: JsonObject }[], batchSize = 5000, refresh = true): Promise<void> {
  for (let i = 0; i < docs.length; i += batchSize) {
    const lines: string[] = []
    for (const { timeMs, doc } of docs.slice(i, i + batchSize)) {
      lines.push(JSON.stringify({ index: { _index: dailyLogIndex(timeMs) } }), JSON.stringify(doc))
    }
    const last = i + batchSize >= docs.length
    const body = await call(
      `${baseUrl}/_bulk${last && refresh ? '?refresh=true' : ''}`,
      { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' },
      'bulk index',
    )
    if (body.errors === true) {
      const items = Array.isArray(body.items) ? body.items : []
      const failed = items.find((it) => JSON.stringify(it).includes('"error"'))
      throw new Error(`bulk index refused documents: ${JSON.stringify(failed).slice(0, 500)}`)
    }
  }
}
