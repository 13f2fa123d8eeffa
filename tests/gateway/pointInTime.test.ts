import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendJson, type TestServer } from '../support/testServer'
import { configFor, startGateway, startUpstream, type RawResponse, type RunningGateway } from './gatewayHarness'

type Send = (o: { method?: string; path: string; headers?: Record<string, string>; body?: string }) => Promise<RawResponse>

function json(send: Send, method: string, path: string, body?: unknown): Promise<RawResponse> {
  return send({ method, path, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } })
}

describe('Elasticsearch point-in-time: ids are bound to the user who opened them', () => {
  let es: TestServer
  let gateway: RunningGateway
  let alice: Send
  let bob: Send
  let pitCounter = 0

  beforeAll(async () => {
    es = await startUpstream((req, res) => {
      if (req.url.includes('/_pit?')) return sendJson(res, 200, { id: `pit-${++pitCounter}` })
      if (req.url === '/_search') return sendJson(res, 200, { pit_id: `pit-${++pitCounter}`, hits: { hits: [] } })
      return sendJson(res, 200, { succeeded: true, num_freed: 1 })
    })
    gateway = await startGateway(configFor({ logs: es.url }))
    alice = await gateway.as('alice')
    bob = await gateway.as('bob')
  })
  afterAll(async () => {
    await gateway.close()
    await es.close()
  })

  async function refused(p: Promise<RawResponse>, type: string): Promise<void> {
    const seen = es.requests.length
    const r = await p
    expect(r.status).toBe(403)
    expect(r.json()).toMatchObject({ error: { type } })
    expect(es.requests.length).toBe(seen)
  }

  it('opens, pages with the newest id, and closes; another user can do none of it with those ids', async () => {
    const opened = await json(alice, 'POST', '/api/logs/logs-*/_pit?keep_alive=1m')
    expect(opened.status).toBe(200)
    const { id } = opened.json() as { id: string }
    expect(es.requests.at(-1)).toMatchObject({ method: 'POST', url: '/logs-*/_pit?keep_alive=1m', body: '' })

    await refused(json(bob, 'POST', '/api/logs/_search', { pit: { id, keep_alive: '1m' }, size: 10 }), 'forbidden_body')
    const page = await json(alice, 'POST', '/api/logs/_search', { pit: { id, keep_alive: '1m' }, size: 10, sort: [{ '@timestamp': 'asc' }] })
    expect(page.status).toBe(200)
    const next = (page.json() as { pit_id: string }).pit_id
    expect((await json(alice, 'POST', '/api/logs/_search', { pit: { id: next }, size: 10 })).status).toBe(200)

    await refused(json(bob, 'DELETE', '/api/logs/_pit', { id: next }), 'forbidden_body')
    const closed = await json(alice, 'DELETE', '/api/logs/_pit', { id: next })
    expect(closed.status).toBe(200)
    expect(es.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/_pit', body: JSON.stringify({ id: next }) })
    await refused(json(alice, 'POST', '/api/logs/_search', { pit: { id: next }, size: 10 }), 'forbidden_body')
  })

  it('refuses ids it never handed out, and index-less searches without one', async () => {
    await refused(json(alice, 'POST', '/api/logs/_search', { pit: { id: 'opened-by-kibana' } }), 'forbidden_body')
    await refused(json(alice, 'DELETE', '/api/logs/_pit', { id: 'opened-by-kibana' }), 'forbidden_body')
    await refused(json(alice, 'POST', '/api/logs/_search', { query: { match_all: {} } }), 'forbidden_body')
  })

  it('opens only on allowed indices, with a bounded keep-alive and no body', async () => {
    await refused(json(alice, 'POST', '/api/logs/secrets/_pit?keep_alive=1m'), 'forbidden_index')
    await refused(json(alice, 'POST', '/api/logs/logs-*/_pit'), 'forbidden_query')
    await refused(json(alice, 'POST', '/api/logs/logs-*/_pit?keep_alive=2h'), 'forbidden_query')
    await refused(json(alice, 'POST', '/api/logs/logs-*/_pit?keep_alive=1m', { index_filter: { match_all: {} } }), 'forbidden_body')
    await refused(json(alice, 'POST', '/api/logs/logs-*/_search/point_in_time?keep_alive=1m'), 'forbidden_path')
  })
})

describe('OpenSearch point-in-time spelling', () => {
  let os: TestServer
  let gateway: RunningGateway
  let alice: Send

  beforeAll(async () => {
    os = await startUpstream((req, res) => {
      if (req.url.startsWith('/logs-*/_search/point_in_time')) return sendJson(res, 200, { pit_id: 'os-pit-1', creation_time: 1 })
      return sendJson(res, 200, { pits: [{ pit_id: 'os-pit-1', successful: true }] })
    })
    const config = configFor({ logs: os.url })
    ;(config.backends as { logs: Record<string, unknown> }).logs.flavour = 'opensearch'
    gateway = await startGateway(config)
    alice = await gateway.as('alice')
  })
  afterAll(async () => {
    await gateway.close()
    await os.close()
  })

  it('opens with POST /<index>/_search/point_in_time and closes with DELETE /_search/point_in_time', async () => {
    expect((await json(alice, 'POST', '/api/logs/logs-*/_search/point_in_time?keep_alive=5m')).status).toBe(200)
    expect((await json(alice, 'POST', '/api/logs/_search', { pit: { id: 'os-pit-1' }, size: 5 })).status).toBe(200)
    const seen = os.requests.length
    expect((await json(alice, 'DELETE', '/api/logs/_search/point_in_time', { pit_id: ['os-pit-1', 'someone-elses'] })).status).toBe(403)
    expect((await json(alice, 'DELETE', '/api/logs/_search/point_in_time/_all')).status).toBe(403)
    expect((await json(alice, 'DELETE', '/api/logs/_pit', { id: 'os-pit-1' })).status).toBe(403)
    expect(os.requests.length).toBe(seen)
    expect((await json(alice, 'DELETE', '/api/logs/_search/point_in_time', { pit_id: ['os-pit-1'] })).status).toBe(200)
    expect(os.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/_search/point_in_time' })
  })
})
