import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configFor, rawRequest, startGateway, startJsonUpstream, type RunningGateway } from './gatewayHarness'
import type { TestServer } from '../support/testServer'

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>'

describe('serving the built app', () => {
  let dir: string
  let upstream: TestServer
  let gateway: RunningGateway

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-gateway-app-'))
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true })
    await writeFile(join(dir, 'dist', 'index.html'), INDEX)
    await writeFile(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log("app")')
    await writeFile(join(dir, 'dist', '.env'), 'SECRET=1')
    await writeFile(join(dir, 'outside.txt'), 'outside the root')
    upstream = await startJsonUpstream({ status: 'success', data: [] })
    gateway = await startGateway(
      configFor({ metrics: upstream.url }, { static: { root: 'dist', frameAncestors: [`'self'`, 'https://admin.example.com'] }, app: { basePath: '/monitoring', locale: 'en' } }),
      { baseDir: dir },
    )
  })

  afterAll(async () => {
    await gateway.close()
    await upstream.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves index.html with a strict CSP: no inline script, embedding limited to the configured hosts', async () => {
    const r = await rawRequest(gateway.url, { path: '/' })
    expect(r.status).toBe(200)
    expect(r.text).toBe(INDEX)
    const csp = String(r.headers['content-security-policy'] ?? '')
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]))
    expect(directives).toMatchObject({
      'default-src': `'self'`,
      'script-src': `'self'`,
      'style-src': `'self' 'unsafe-inline'`,
      'object-src': `'none'`,
      'base-uri': `'self'`,
      'frame-ancestors': `'self' https://admin.example.com`,
    })
    expect(directives['script-src']).not.toContain('unsafe')
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  })

  it('serves hashed assets with long caching and the same security headers', async () => {
    const r = await rawRequest(gateway.url, { path: '/assets/index-abc123.js' })
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toContain('immutable')
    expect(r.headers['content-security-policy']).toContain(`script-src 'self'`)
  })

  it('falls back to index.html for app routes, but not for missing files', async () => {
    const deep = await rawRequest(gateway.url, { path: '/monitoring/traces/0af7651916cd43dd?span=1' })
    expect(deep.status).toBe(200)
    expect(deep.text).toBe(INDEX)
    const missing = await rawRequest(gateway.url, { path: '/assets/missing-123.js' })
    expect(missing.status).toBe(404)
    expect(missing.text).not.toContain('<html')
  })

  it('answers unknown /api paths with a JSON 404, never index.html', async () => {
    const r = await rawRequest(gateway.url, { path: '/api/unknown/thing' })
    expect(r.status).toBe(404)
    expect(r.json()).toMatchObject({ error: { type: 'not_found' } })
    expect(r.headers['content-security-policy']).toMatch(/^sandbox/)
  })

  it('serves the runtime config at the root and wherever the app resolves it relative to a deep link', async () => {
    for (const path of ['/traceboard.config.json', '/monitoring/traces/traceboard.config.json']) {
      const r = await rawRequest(gateway.url, { path })
      expect(r.status).toBe(200)
      expect(r.json()).toEqual({ basePath: '/monitoring', locale: 'en', backends: { metrics: { url: '/api/metrics', preset: 'auto' } } })
    }
  })

  it.each(['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/.env', '/assets/%2e%2e/.env'])(
    'never serves files outside the root or dotfiles: %s',
    async (path) => {
      const r = await rawRequest(gateway.url, { path })
      expect(r.text).not.toContain('outside the root')
      expect(r.text).not.toContain('SECRET=1')
    },
  )

  it('answers health checks without a session', async () => {
    const r = await rawRequest(gateway.url, { path: '/healthz' })
    expect(r.status).toBe(200)
    expect(r.json()).toEqual({ status: 'ok' })
  })

  it('refuses to start without a built app rather than serving nothing', () => {
    return expect(startGateway(configFor({ metrics: upstream.url }, { static: { root: 'no-such-dir' } }), { baseDir: dir })).rejects.toThrow(/no index.html/)
  })
})
