import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningBackend } from '../../../scripts/backends/common'
import { OPENSEARCH_VERSION, missingOpenSearchTools, startOpenSearch } from '../../../scripts/backends/opensearch'

// Without java or mvn the node cannot exist: skipped locally, a failure under CI.
const missing = missingOpenSearchTools()
const skip = missing.length > 0 && process.env.CI !== 'true'

const INDEX = 'logs-2026.12.03'
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const OTHER_TRACE = '00f067aa0ba902b7aaaaaaaaaaaaaaaa'
const LEVELS = ['INFO', 'WARN', 'ERROR'] as const
const DOCS = 50
const ON_TRACE = 30
const T0 = Date.parse('2026-12-03T10:00:00Z')

interface Answer {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- the engine's JSON, checked field by field below
}

function doc(i: number): Record<string, unknown> {
  return {
    '@timestamp': new Date(T0 + i * 60_000).toISOString(), // one a minute: 10:00 … 10:49
    log: { level: LEVELS[i % LEVELS.length] },
    service: { name: i % 2 === 0 ? 'checkout' : 'payments' },
    message: `request ${i} handled`,
    trace: { id: i < ON_TRACE ? TRACE : OTHER_TRACE },
    span: { id: i.toString(16).padStart(16, '0') },
  }
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

describe.skipIf(skip)(`a real OpenSearch ${OPENSEARCH_VERSION} single node`, () => {
  let os: RunningBackend

  async function call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Answer> {
    const res = await fetch(`${os.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`CI=true but ${missing.join(' and ')} missing: the OpenSearch node needs Java 17 and Maven`)
    os = await startOpenSearch()
    console.info(`OpenSearch ${OPENSEARCH_VERSION} ready at ${os.url} in ${os.startupMs} ms (pid ${os.pid})`)

    const template = await call('PUT', '/_index_template/traceboard-logs', {
      index_patterns: ['logs-*'],
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            log: { properties: { level: { type: 'keyword' } } },
            service: { properties: { name: { type: 'keyword' } } },
            message: { type: 'text' },
            trace: { properties: { id: { type: 'keyword' } } },
            span: { properties: { id: { type: 'keyword' } } },
          },
        },
      },
    })
    expect(template).toEqual({ status: 200, body: { acknowledged: true } })

    const ndjson = Array.from({ length: DOCS }, (_, i) => `${JSON.stringify({ index: { _index: INDEX, _id: `doc-${i}` } })}\n${JSON.stringify(doc(i))}\n`).join('')
    const bulk = await call('POST', '/_bulk?refresh=true', ndjson, 'application/x-ndjson')
    expect(bulk.status).toBe(200)
    expect(bulk.body.errors).toBe(false)
    expect(bulk.body.items).toHaveLength(DOCS)
  }, 300_000)

  afterAll(async () => {
    await os?.stop()
  })

  it('index template: logs-* got trace.id as keyword', async () => {
    const mapping = await call('GET', `/${INDEX}/_mapping`)
    expect(mapping.status).toBe(200)
    const props = mapping.body[INDEX].mappings.properties
    expect(props.trace.properties.id).toEqual({ type: 'keyword' })
    expect(props['@timestamp']).toEqual({ type: 'date' })
    expect(props.message).toEqual({ type: 'text' })
  })

  it('a term query on trace.id finds exactly the docs of that trace; hits.total is an object', async () => {
    const r = await call('POST', '/logs-*/_search', { size: 100, query: { term: { 'trace.id': TRACE } } })
    expect(r.status).toBe(200)
    expect(r.body.hits.total).toEqual({ value: ON_TRACE, relation: 'eq' })
    const ids = r.body.hits.hits.map((h: { _id: string }) => h._id).sort()
    expect(ids).toEqual(Array.from({ length: ON_TRACE }, (_, i) => `doc-${i}`).sort())
    expect(new Set(r.body.hits.hits.map((h: { _index: string }) => h._index))).toEqual(new Set([INDEX]))
  })

  it('point in time + sort + search_after pages through every doc once; the PIT can be deleted', async () => {
    const pit = await call('POST', '/logs-*/_search/point_in_time?keep_alive=1m')
    expect(pit.status).toBe(200)
    expect(typeof pit.body.pit_id).toBe('string')
    expect(pit.body.pit_id.length).toBeGreaterThan(10)
    expect(pit.body._shards).toMatchObject({ total: 1, successful: 1, failed: 0 })
    expect(typeof pit.body.creation_time).toBe('number')

    const seen: string[] = []
    let searchAfter: unknown[] | undefined
    let pages = 0
    for (;;) {
      const page = await call('POST', '/_search', {
        size: 20,
        pit: { id: pit.body.pit_id, keep_alive: '1m' },
        sort: [{ '@timestamp': 'asc' }, { 'span.id': 'asc' }],
        ...(searchAfter ? { search_after: searchAfter } : {}),
      })
      expect(page.status).toBe(200)
      expect(page.body.pit_id).toBeTypeOf('string')
      const hits = page.body.hits.hits as { _id: string; sort: unknown[] }[]
      if (hits.length === 0) break
      pages += 1
      seen.push(...hits.map((h) => h._id))
      searchAfter = hits[hits.length - 1]?.sort
      expect(Array.isArray(searchAfter)).toBe(true)
    }
    expect(pages).toBe(3) // 20 + 20 + 10
    expect(seen).toEqual(Array.from({ length: DOCS }, (_, i) => `doc-${i}`))

    const del = await call('DELETE', '/_search/point_in_time', { pit_id: [pit.body.pit_id] })
    expect(del.status).toBe(200)
    expect(del.body.pits).toEqual([{ successful: true, pit_id: pit.body.pit_id }])
  })

  it('a bad query answers 400 with the engine error JSON', async () => {
    const r = await call('POST', '/logs-*/_search', { query: { range: { '@timestamp': { gte: 'not-a-date' } } } })
    expect(r.status).toBe(400)
    expect(r.body.status).toBe(400)
    expect(r.body.error.type).toBe('search_phase_execution_exception')
    expect(r.body.error.root_cause[0].type).toBe('parse_exception')
    expect(JSON.stringify(r.body.error)).toMatch(/not-a-date/)
  })

  it('terms aggregation on log.level', async () => {
    const r = await call('POST', '/logs-*/_search', { size: 0, aggs: { levels: { terms: { field: 'log.level' } } } })
    expect(r.status).toBe(200)
    const counts = Object.fromEntries(r.body.aggregations.levels.buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count]))
    expect(counts).toEqual({ INFO: 17, WARN: 17, ERROR: 16 })
  })

  it('date_histogram in 10 minute buckets', async () => {
    const r = await call('POST', '/logs-*/_search', {
      size: 0,
      query: { term: { 'service.name': 'checkout' } },
      aggs: { perTen: { date_histogram: { field: '@timestamp', fixed_interval: '10m' } } },
    })
    expect(r.status).toBe(200)
    const buckets = r.body.aggregations.perTen.buckets as { key: number; key_as_string: string; doc_count: number }[]
    expect(buckets.map((b) => b.key)).toEqual([0, 1, 2, 3, 4].map((k) => T0 + k * 600_000))
    expect(buckets[0]?.key_as_string).toBe('2026-12-03T10:00:00.000Z')
    expect(buckets.map((b) => b.doc_count)).toEqual([5, 5, 5, 5, 5]) // every second minute is checkout
  })

  it('stop() leaves no process behind and the port refuses connections', async () => {
    const port = Number(new URL(os.url).port)
    const transport = Number(os.urls.transport?.split(':')[1])
    await os.stop()
    expect(() => process.kill(os.pid, 0)).toThrow()
    expect(os.logs()).toMatch(/OPENSEARCH STOPPED/) // SIGTERM ran the launcher's shutdown hook: node.close()
    expect(await portRefuses(port)).toBe(true)
    expect(await portRefuses(transport)).toBe(true)
    await os.stop() // a second stop is harmless
  })
})
