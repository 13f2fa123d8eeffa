import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveOptions, type TraceboardOptions } from '@/module/options'
import { startTestServer, sendJson, type TestServer } from '../support/testServer'
import { Sandbox } from '../../sandbox/sandbox'
import { startSandboxServer, type RunningServer } from '../../sandbox/server'

let dist: string
let server: RunningServer
let prometheus: TestServer
const sandbox = new Sandbox({ seed: 1, idSeed: 1, scenario: 'steady', ratePerS: 0, maxTraces: 10, maxLogs: 10 })

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'sandbox-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>')
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log("app")')
  prometheus = await startTestServer((req, res) => sendJson(res, 200, { status: 'success', data: { echo: req.url, method: req.method, body: req.body } }))
  server = await startSandboxServer({ sandbox, port: 0, app: { distDir: dist, prometheusUrl: prometheus.url, traces: 'jaeger' } })
})

afterAll(async () => {
  await server.close()
  await prometheus.close()
  rmSync(dist, { recursive: true, force: true })
})

const get = (path: string, init?: RequestInit) => fetch(server.url + path, { redirect: 'manual', ...init })

describe('sandbox server: the demo app', () => {
  it('serves assets, falls back to index.html for app routes, 404s missing assets', async () => {
    const asset = await get('/assets/app-1234.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toMatch(/immutable/)
    const route = await get('/monitoring/traces/abc?x=1')
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<div id="app">')
    expect((await get('/assets/nope.js')).status).toBe(404)
    // The root is the host back-office's home page, not a redirect into Traceboard.
    const home = await get('/')
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('<div id="app">')
  })

  it('never serves a file outside the build directory', async () => {
    for (const path of ['/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%5c..%5cpackage.json']) {
      const res = await get(path)
      expect(res.status, path).not.toBe(500)
      expect(await res.text(), path).not.toMatch(/"name"|root:/)
    }
  })

  it('serves a traceboard.config.json that the real options validator accepts', async () => {
    const config = (await (await get('/traceboard.config.json')).json()) as TraceboardOptions
    const router = { addRoute: () => () => undefined, removeRoute: () => undefined } as unknown as TraceboardOptions['router']
    const resolved = resolveOptions({ ...config, router })
    expect(resolved.backends.traces).toMatchObject({ kind: 'jaeger', url: '/api/traces' })
    expect(resolved.backends.metrics).toMatchObject({ url: '/api/metrics', preset: 'spanmetrics' })
    expect(resolved.backends.logs).toMatchObject({ indexPattern: 'logs-sandbox', mapping: 'ecs', contextFields: ['tenant.id', 'customer.id'] })
  })

  it('proxies /api/metrics/* to Prometheus with method, query and form body', async () => {
    const viaGet = (await (await get('/api/metrics/api/v1/query?query=up')).json()) as { data: { echo: string } }
    expect(viaGet.data.echo).toBe('/api/v1/query?query=up')
    const viaPost = (await (
      await get('/api/metrics/api/v1/query', { method: 'POST', body: 'query=sum(rate(x[5m]))', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
    ).json()) as { data: { method: string; body: string } }
    expect(viaPost.data).toMatchObject({ method: 'POST', body: 'query=sum(rate(x[5m]))' })
  })

  it('maps /api/traces to the configured Jaeger API', async () => {
    const res = (await (await get('/api/traces/api/services')).json()) as { errors: unknown }
    expect(res.errors).toBeNull()
  })
})

describe('sandbox server: admin and health', () => {
  it('reports health and switches scenarios', async () => {
    expect(((await (await get('/healthz')).json()) as { status: string }).status).toBe('ok')
    const post = (name: unknown) => get('/admin/scenario', { method: 'POST', body: JSON.stringify({ name }) })
    const switched = await post('slow-external-api')
    expect(switched.status).toBe(200)
    expect(sandbox.scenario).toBe('slow-external-api')
    expect(((await (await get('/admin/scenario')).json()) as { scenario: string }).scenario).toBe('slow-external-api')
    expect((await post('meteor-strike')).status).toBe(400)
    expect(sandbox.scenario).toBe('slow-external-api')
    await post('steady')
  })

  it('refuses oversized bodies', async () => {
    const res = await get('/es/logs-sandbox/_search', { method: 'POST', body: 'x'.repeat(2 << 20) }).catch(() => undefined)
    expect(res === undefined || res.status === 413).toBe(true)
  })
})

describe('sandbox server: Elasticsearch point-in-time under the app’s /api/logs', () => {
  it('opens a PIT on the index and searches it by id without an index in the path', async () => {
    const opened = await get('/api/logs/logs-sandbox/_pit?keep_alive=1m', { method: 'POST' })
    expect(opened.status).toBe(200)
    const { id } = (await opened.json()) as { id: string }
    const body = { size: 1, pit: { id, keep_alive: '1m' }, sort: [{ '@timestamp': { order: 'asc', numeric_type: 'date' } }, { _shard_doc: 'asc' }] }
    const searched = await get('/api/logs/_search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    expect(searched.status).toBe(200)
    expect(((await searched.json()) as { pit_id?: string }).pit_id).toBe(id)
  })
})
