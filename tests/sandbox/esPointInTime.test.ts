import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { handleElasticsearch } from '../../sandbox/api/esApi'
import { LOG_INDEX, toLogDocument } from '../../sandbox/logs/logDocument'
import { LogStore } from '../../sandbox/store/logStore'
import { startFakeElasticsearch, type FakeElasticsearch, type FakeReply, type SeenRequest } from '../services/logs/support/fakeElasticsearch'

const BASE = Date.UTC(2026, 10, 20, 12, 0, 0)
const TRACE = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

function storeOf(n: number): LogStore {
  const store = new LogStore(1000)
  for (let i = 0; i < n; i++) addLog(store, i)
  return store
}
function addLog(store: LogStore, i: number): void {
  // Two logs per millisecond: only the tiebreaker orders them.
  const timeMs = BASE + Math.floor(i / 2)
  store.add(timeMs, toLogDocument({ timeMs, level: 'INFO', logger: 'L', message: `step ${i}` }, { service: 'auth-service', traceId: TRACE, spanId: '0000000000000001', tenantId: 'acme', customerId: 'acme-c-1' }))
}

const call = (store: LogStore, method: string, pathAndQuery: string, body?: unknown, nowMs = BASE) => {
  const [path = '', query = ''] = pathAndQuery.split('?')
  const r = handleElasticsearch({ method, path, query: new URLSearchParams(query), body: body === undefined ? '' : JSON.stringify(body) }, store, LOG_INDEX, nowMs)
  return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> & { error?: { type: string } } }
}

describe('sandbox Elasticsearch: point-in-time', () => {
  it('opens a PIT that freezes the documents, pages it by search_after with _shard_doc, and hands back its id', () => {
    const store = storeOf(5)
    const opened = call(store, 'POST', `/logs-*/_pit?keep_alive=1m`)
    expect(opened.status).toBe(200)
    const id = opened.body.id as string
    expect(id).toMatch(/^[A-Za-z0-9+/=]{16,}$/)
    addLog(store, 5) // written after the PIT: not in it
    const page = (after?: unknown[]) =>
      call(store, 'POST', '/_search', { size: 2, pit: { id, keep_alive: '1m' }, sort: [{ '@timestamp': { order: 'asc', numeric_type: 'date' } }, { _shard_doc: 'asc' }], ...(after ? { search_after: after } : {}) })
    const messages: unknown[] = []
    let after: unknown[] | undefined
    for (let i = 0; i < 5; i++) {
      const r = page(after)
      expect(r.status).toBe(200)
      expect(r.body.pit_id).toBe(id)
      const hits = (r.body.hits as { hits: { _source: { message: string }; sort: unknown[] }[] }).hits
      if (hits.length === 0) break
      messages.push(...hits.map((h) => h._source.message))
      after = hits.at(-1)!.sort
      expect(after).toHaveLength(2)
    }
    expect(messages).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4'])
    // An index search sees the newer document.
    expect((call(store, 'POST', `/${LOG_INDEX}/_search`, { size: 0 }).body.hits as { total: { value: number } }).total.value).toBe(6)
  })

  it('adds the _shard_doc tiebreaker by itself to a PIT search sorted without one, as ES does', () => {
    const store = storeOf(2)
    const id = call(store, 'POST', '/logs-*/_pit?keep_alive=1m').body.id
    const r = call(store, 'POST', '/_search', { pit: { id }, sort: [{ '@timestamp': 'asc' }] })
    expect((r.body.hits as { hits: { sort: unknown[] }[] }).hits[0]?.sort).toHaveLength(2)
  })

  it('answers as ES does: _shard_doc without a PIT, no keep_alive, an unknown or expired PIT, a closed one', () => {
    const store = storeOf(2)
    const noPit = call(store, 'POST', `/${LOG_INDEX}/_search`, { sort: [{ _shard_doc: 'asc' }] })
    expect([noPit.status, noPit.body.error?.type]).toEqual([400, 'illegal_argument_exception'])
    expect(call(store, 'POST', '/logs-*/_pit').body.error?.type).toBe('action_request_validation_exception')
    expect(call(store, 'POST', '/logs-*/_pit?keep_alive=soon').body.error?.type).toBe('illegal_argument_exception')
    const unknown = call(store, 'POST', '/_search', { pit: { id: 'bm9wZQ==' } })
    expect([unknown.status, unknown.body.error?.type]).toEqual([404, 'search_context_missing_exception'])
    const id = call(store, 'POST', '/logs-*/_pit?keep_alive=1m').body.id
    expect(call(store, 'POST', '/_search', { pit: { id } }, BASE + 59_000).status).toBe(200)
    expect(call(store, 'POST', '/_search', { pit: { id } }, BASE + 61_000).status).toBe(404)
    const other = call(store, 'POST', '/logs-*/_pit?keep_alive=1m').body.id
    expect(call(store, 'DELETE', '/_pit', { id: other }).body).toEqual({ succeeded: true, num_freed: 1 })
    expect(call(store, 'POST', '/_search', { pit: { id: other } }).status).toBe(404)
  })
})

describe('Traceboard’s log backend against the sandbox', () => {
  let es: FakeElasticsearch
  let store: LogStore
  /** How the sandbox answers a PIT opening: itself, or refused as for a user without the privilege. */
  let pitMode: 'served' | 'refused' = 'served'
  const refused: FakeReply = {
    status: 403,
    body: { error: { root_cause: [{ type: 'security_exception', reason: 'unauthorized' }], type: 'security_exception', reason: 'action [indices:data/read/open_point_in_time] is unauthorized' }, status: 403 },
  }
  const sandbox = (req: SeenRequest): FakeReply => {
    if (pitMode === 'refused' && req.url.includes('/_pit')) return refused
    const [path = '', query = ''] = req.url.split('?')
    const r = handleElasticsearch({ method: req.method, path, query: new URLSearchParams(query), body: req.body === undefined ? '' : JSON.stringify(req.body) }, store, LOG_INDEX, BASE)
    return { status: r.status, body: r.body }
  }

  beforeAll(async () => {
    es = await startFakeElasticsearch()
  })
  afterAll(() => es.close())
  beforeEach(() => {
    es.requests.length = 0
    store = storeOf(5)
    es.reply(sandbox)
  })

  async function readAll(): Promise<string[]> {
    const b = createElasticsearchLogBackend(es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    const range = { fromMs: BASE - 1000, toMs: BASE + 1000 }
    const messages: string[] = []
    let page = await b.logsForTrace(TRACE, { timeRange: range, size: 2 })
    messages.push(...page.records.map((r) => r.message))
    addLog(store, 5) // written while the user reads the first page
    while (page.cursor) {
      page = await b.logsForTrace(TRACE, { timeRange: range, size: 2, after: page.cursor })
      messages.push(...page.records.map((r) => r.message))
    }
    return messages
  }

  it('pages through a point-in-time: a log written meanwhile does not shift the pages', async () => {
    pitMode = 'served'
    expect(await readAll()).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4'])
    expect(es.requests[0]?.url).toBe('/logs-*/_pit?keep_alive=2m')
    expect(es.requests.slice(1).every((r) => r.url === '/_search')).toBe(true)
  })

  it('falls back to plain search_after when the PIT is refused, and still reads every log', async () => {
    pitMode = 'refused'
    expect(await readAll()).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5'])
    // Three full pages, then an empty one; the PIT is not asked for again.
    expect(es.requests.map((r) => r.url)).toEqual(['/logs-*/_pit?keep_alive=2m', ...Array<string>(4).fill('/logs-*/_search')])
  })
})
