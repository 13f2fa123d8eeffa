import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestServer } from '../support/testServer'
import { configFor, SECRETS, startGateway, startJsonUpstream, type RawResponse, type RunningGateway } from './gatewayHarness'

// Issue 16: with `indexPatterns: ["logs-app-*"]`, `logs-app-x:secrets` and `logs-app-*:*` reached
// Elasticsearch with the server's credentials, because `*` matched the cluster separator.

const BASIC = Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')
const FORBIDDEN_TEXT = [...Object.values(SECRETS).filter((s) => s.length >= 8), BASIC]

type Send = (o: { method?: string; path: string; headers?: Record<string, string>; body?: string }) => Promise<RawResponse>

interface Setup {
  es: TestServer
  gateway: RunningGateway
  send: Send
}

async function setup(indexPatterns: readonly string[], flavour: 'elasticsearch' | 'opensearch' = 'elasticsearch'): Promise<Setup> {
  const es = await startJsonUpstream({ hits: { hits: [] }, id: 'pit-1', pit_id: 'pit-1' })
  const config = configFor({ logs: es.url })
  Object.assign((config.backends as { logs: Record<string, unknown> }).logs, { indexPatterns, flavour })
  const gateway = await startGateway(config)
  return { es, gateway, send: await gateway.as('alice') }
}

async function teardown(s: Setup): Promise<void> {
  await s.gateway.close()
  await s.es.close()
}

function expectNoSecret(s: Setup, r: RawResponse): void {
  const text = `${JSON.stringify(r.headers)}\n${r.text}\n${s.gateway.logLines.join('\n')}`
  for (const secret of FORBIDDEN_TEXT) expect(text.includes(secret), 'a response or log line contains a configured secret').toBe(false)
}

/** The three requests that name an index in the path: search, point-in-time open, mapping. */
function requestsNaming(target: string, flavour: 'elasticsearch' | 'opensearch' = 'elasticsearch'): { method: string; path: string; body?: string }[] {
  const search = JSON.stringify({ size: 10, aggs: { histogram: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } } })
  return [
    { method: 'POST', path: `/api/logs/${target}/_search`, body: search },
    { method: 'POST', path: flavour === 'elasticsearch' ? `/api/logs/${target}/_pit?keep_alive=1m` : `/api/logs/${target}/_search/point_in_time?keep_alive=1m` },
    { method: 'GET', path: `/api/logs/${target}/_mapping` },
  ]
}

async function expectRefused(s: Setup, method: string, path: string, status: number, type: string, body?: string): Promise<void> {
  const seen = s.es.requests.length
  const r = await s.send({ method, path, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } })
  expect({ method, path, status: r.status }).toEqual({ method, path, status })
  expect(r.json()).toMatchObject({ error: { type } })
  expect(s.es.requests.length, `${method} ${path} reached Elasticsearch`).toBe(seen)
  expectNoSecret(s, r)
}

async function expectForwarded(s: Setup, method: string, path: string, upstreamPath: string, body?: string): Promise<void> {
  const seen = s.es.requests.length
  const r = await s.send({ method, path, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } })
  expect({ method, path, status: r.status }).toEqual({ method, path, status: 200 })
  expect(s.es.requests.length).toBe(seen + 1)
  expect(s.es.requests.at(-1)?.url).toBe(upstreamPath)
  expectNoSecret(s, r)
}

// Each as sent on the wire: [path segment, status, error type].
const REMOTE_TARGETS: [string, number, string][] = [
  ['logs-app-x:secrets', 403, 'forbidden_index'],
  ['logs-app-*:*', 403, 'forbidden_index'],
  ['logs-app-x:logs-app-y', 403, 'forbidden_index'],
  ['logs-app-*:logs-app-*', 403, 'forbidden_index'],
  ['remote:logs-app-x', 403, 'forbidden_index'],
  ['*:logs-app-x', 403, 'forbidden_index'],
  ['*:*', 403, 'forbidden_index'],
  ['logs-app-x%3Asecrets', 403, 'forbidden_index'],
  ['logs-app-x%3asecrets', 403, 'forbidden_index'],
  ['logs-app-*%3A*', 403, 'forbidden_index'],
  ['logs-app-x%253Asecrets', 400, 'bad_path'],
  ['logs-app-a,logs-app-x:secrets', 403, 'forbidden_index'],
  ['logs-app-a,remote:secrets', 403, 'forbidden_index'],
  ['logs-app-*,*:*', 403, 'forbidden_index'],
  ['logs-app-a%2Cremote:secrets', 403, 'forbidden_index'],
  ['logs-app-a%2cremote%3asecrets', 403, 'forbidden_index'],
  ['%20logs-app-x:secrets', 403, 'forbidden_index'],
  ['logs-app-x:secrets%20', 403, 'forbidden_index'],
  ['logs-app-x%20:secrets', 403, 'forbidden_index'],
  ['logs-app-x:%20secrets', 403, 'forbidden_index'],
  ['%09logs-app-x:secrets', 400, 'bad_path'],
  ['logs-app-x%00:secrets', 400, 'bad_path'],
  ['LOGS-APP-X:secrets', 403, 'forbidden_index'],
  ['REMOTE:logs-app-x', 403, 'forbidden_index'],
  ['logs-app-X:secrets', 403, 'forbidden_index'],
  ['-remote:logs-app-x,logs-app-x:secrets', 403, 'forbidden_index'],
  ['logs-app-*,-remote:logs-app-x', 403, 'forbidden_index'],
  ['-logs-app-x:secrets', 403, 'forbidden_index'],
  ['%3Clogs-app-%7Bnow%2Fd%7D%3E', 400, 'bad_path'],
  ['%3Clogs-app-%7Bnow%7D%3E', 403, 'forbidden_index'],
  ['remote:%3Clogs-app-%7Bnow%7D%3E', 403, 'forbidden_index'],
  ['logs-app-x::failures', 403, 'forbidden_index'],
  ['logs-app-x:', 403, 'forbidden_index'],
  [':logs-app-x', 403, 'forbidden_index'],
  ['a:b:c', 403, 'forbidden_index'],
  ['remote:_all', 403, 'forbidden_index'],
  ['logs-app-x%EF%BC%9Asecrets', 403, 'forbidden_index'],
]

describe('cross-cluster targets under indexPatterns ["logs-app-*"]', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setup(['logs-app-*'])
  })
  afterAll(() => teardown(s))

  it('still forwards local targets inside the pattern', async () => {
    await expectForwarded(s, 'POST', '/api/logs/logs-app-x/_search', '/logs-app-x/_search', '{}')
    await expectForwarded(s, 'POST', '/api/logs/logs-app-*,-logs-app-old/_search', '/logs-app-*,-logs-app-old/_search', '{}')
  })

  describe.each(REMOTE_TARGETS)('%s', (target, status, type) => {
    it.each(requestsNaming(target))('refuses $method $path before Elasticsearch sees it', async ({ method, path, body }) => {
      await expectRefused(s, method, path, status, type, body)
    })
  })

  it.each([
    ['a terms lookup into a remote index', { query: { terms: { 'user.id': { index: 'remote:secrets', id: '1', path: 'ids' } } } }],
    ['a query on _index', { query: { term: { _index: 'remote:secrets' } } }],
    ['indices_boost naming a remote index', { indices_boost: [{ 'remote:secrets': 2 }] }],
    ['a point-in-time in an index search', { pit: { id: 'opened-elsewhere' } }],
  ])('refuses a search body with %s', async (_name, body) => {
    await expectRefused(s, 'POST', '/api/logs/logs-app-x/_search', 403, 'forbidden_body', JSON.stringify(body))
  })

  it('refuses a point-in-time open whose body names indices', async () => {
    await expectRefused(s, 'POST', '/api/logs/logs-app-x/_pit?keep_alive=1m', 403, 'forbidden_body', JSON.stringify({ index_filter: { term: { _index: 'remote:secrets' } } }))
    await expectRefused(s, 'POST', '/api/logs/logs-app-x/_pit?keep_alive=1m', 403, 'forbidden_body', JSON.stringify({ index: 'remote:secrets' }))
  })

  it('refuses an index-less search by a point-in-time it did not hand out', async () => {
    await expectRefused(s, 'POST', '/api/logs/_search', 403, 'forbidden_body', JSON.stringify({ pit: { id: 'remote-cluster-pit' } }))
  })

  it.each([
    ['POST', '/api/logs/_msearch', 403, 'forbidden_path'],
    ['POST', '/api/logs/logs-app-x/_msearch', 403, 'forbidden_path'],
    ['POST', '/api/logs/remote:secrets/_msearch', 403, 'forbidden_path'],
    ['POST', '/api/logs/remote:secrets/_field_caps', 403, 'forbidden_path'],
    ['GET', '/api/logs/remote:secrets/_field_caps', 403, 'forbidden_path'],
    ['POST', '/api/logs/_pit?keep_alive=1m', 403, 'forbidden_method'],
    ['GET', '/api/logs/_resolve/cluster/remote:*', 403, 'forbidden_path'],
    ['GET', '/api/logs/_remote/info', 403, 'forbidden_path'],
  ])('multi-search, field caps and cluster discovery are not on the list: %s %s', async (method, path, status, type) => {
    await expectRefused(s, method, path, status, type, method === 'POST' ? JSON.stringify({ index: 'remote:secrets', query: { match_all: {} } }) : undefined)
  })
})

describe('a pattern with a cluster part allows only that cluster: ["logs-app-*", "eu:logs-app-*"]', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setup(['logs-app-*', 'eu:logs-app-*'])
  })
  afterAll(() => teardown(s))

  it.each([
    ['eu:logs-app-x', '/eu:logs-app-x'],
    ['eu:logs-app-*', '/eu:logs-app-*'],
    ['eu%3Alogs-app-x', '/eu:logs-app-x'],
    ['logs-app-x,eu:logs-app-y', '/logs-app-x,eu:logs-app-y'],
    ['eu:logs-app-*,-eu:logs-app-old', '/eu:logs-app-*,-eu:logs-app-old'],
  ])('forwards %s (search, point-in-time open, mapping)', async (target, upstream) => {
    await expectForwarded(s, 'POST', `/api/logs/${target}/_search`, `${upstream}/_search`, '{}')
    await expectForwarded(s, 'POST', `/api/logs/${target}/_pit?keep_alive=1m`, `${upstream}/_pit?keep_alive=1m`)
    await expectForwarded(s, 'GET', `/api/logs/${target}/_mapping`, `${upstream}/_mapping`)
  })

  describe.each(['us:logs-app-x', 'e*:logs-app-x', 'eu*:logs-app-x', '*:logs-app-x', 'eu:secrets', 'eu:*', 'eu:logs-app-x:y', 'EU:logs-app-x', 'eu-west:logs-app-x', 'logs-app-x:logs-app-y', 'eu:logs-app-x,us:logs-app-x', 'logs-app-*,-us:logs-app-x'])(
    '%s',
    (target) => {
      it.each(requestsNaming(target))('refuses $method $path', async ({ method, path, body }) => {
        await expectRefused(s, method, path, 403, 'forbidden_index', body)
      })
    },
  )
})

describe('OpenSearch spells point-in-time differently; the rule is the same', () => {
  let s: Setup
  beforeAll(async () => {
    s = await setup(['logs-app-*'], 'opensearch')
  })
  afterAll(() => teardown(s))

  describe.each(['logs-app-x:secrets', 'logs-app-*:*', 'logs-app-x%3Asecrets', 'logs-app-a,remote:secrets'])('%s', (target) => {
    it.each(requestsNaming(target, 'opensearch'))('refuses $method $path', async ({ method, path, body }) => {
      await expectRefused(s, method, path, 403, 'forbidden_index', body)
    })
  })
})
