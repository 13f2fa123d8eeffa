import { generateKeyPairSync } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { exportJWK, SignJWT } from 'jose'
import type { FastifyRequest } from 'fastify'
import { sendJson, type TestServer } from '../support/testServer'
import { configFor, JWT_IDENTITY, rawRequest, SECRETS, startGateway, startJsonUpstream, startUpstream, tokenFor, type RunningGateway } from './gatewayHarness'

const running: { close(): Promise<void> }[] = []
async function track<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const v = await p
  running.push(v)
  return v
}
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close()
})

const QUERY = '/api/metrics/api/v1/query?query=up'

describe('identity: who may use which backend', () => {
  let upstream: TestServer
  let gateway: RunningGateway
  beforeAll(async () => {
    upstream = await startJsonUpstream({ status: 'success', data: [] })
    gateway = await startGateway(configFor({ metrics: upstream.url, traces: upstream.url, logs: upstream.url }))
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  async function expectUnauthenticated(headers: Record<string, string>): Promise<void> {
    const seen = upstream.requests.length
    const r = await rawRequest(gateway.url, { path: QUERY, headers })
    expect(r.status).toBe(401)
    expect(r.json()).toEqual({ error: { type: 'unauthenticated', message: expect.any(String) } })
    expect(upstream.requests.length).toBe(seen)
  }

  it('no token → 401 from the gateway itself, upstream untouched', async () => {
    await expectUnauthenticated({})
    await expectUnauthenticated({ cookie: 'host_session=abc' })
  })

  it('a token signed with another key, expired, unsigned or malformed → 401', async () => {
    await expectUnauthenticated({ authorization: `Bearer ${await tokenFor('mallory', undefined, 'not-the-host-secret-000000')}` })
    const expired = await new SignJWT({ permissions: ['metrics:read'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(new TextEncoder().encode(SECRETS.jwt))
    await expectUnauthenticated({ authorization: `Bearer ${expired}` })
    const header = Buffer.from('{"alg":"none"}').toString('base64url')
    const payload = Buffer.from(JSON.stringify({ sub: 'root', permissions: ['metrics:read'] })).toString('base64url')
    await expectUnauthenticated({ authorization: `Bearer ${header}.${payload}.` })
    await expectUnauthenticated({ authorization: 'Bearer not.a.jwt' })
    await expectUnauthenticated({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` })
  })

  it('a token without logs:read gets 403 from /api/logs but 200 from /api/traces', async () => {
    const req = await gateway.as('carol', ['traces:read'])
    const seen = upstream.requests.length
    const logs = await req({ method: 'POST', path: '/api/logs/logs-*/_search', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(logs.status).toBe(403)
    expect(logs.json()).toMatchObject({ error: { type: 'forbidden', message: expect.stringContaining('logs:read') } })
    expect(upstream.requests.length).toBe(seen)
    const traces = await req({ path: '/api/traces/api/v2/services' })
    expect(traces.status).toBe(200)
    const metrics = await req({ path: QUERY })
    expect(metrics.status).toBe(403)
  })

  it('refuses cross-site requests even with a valid session', async () => {
    const req = await gateway.as('alice')
    const seen = upstream.requests.length
    const r = await req({ path: QUERY, headers: { 'sec-fetch-site': 'cross-site' } })
    expect(r.status).toBe(403)
    expect(r.json()).toMatchObject({ error: { type: 'cross_site' } })
    expect(upstream.requests.length).toBe(seen)
    expect((await req({ path: QUERY, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200)
  })
})

describe('identity sources', () => {
  it('reads the token from the host session cookie, maps roles to permissions and never forwards the cookie', async () => {
    const upstream = await track(startJsonUpstream({ status: 'success', data: [] }))
    const gateway = await track(startGateway(configFor({ metrics: upstream.url }, {
      identity: { ...JWT_IDENTITY, cookie: 'host_jwt', permissionsClaim: 'realm_access.roles', permissionMap: { 'observability-reader': ['metrics:read'] } },
    })))
    const token = await new SignJWT({ realm_access: { roles: ['observability-reader', 'other'] } }).setProtectedHeader({ alg: 'HS256' })
      .setSubject('dave').setExpirationTime('5m').sign(new TextEncoder().encode(SECRETS.jwt))
    const r = await rawRequest(gateway.url, { path: QUERY, headers: { cookie: `theme=dark; host_jwt=${token}` } })
    expect(r.status).toBe(200)
    expect(upstream.requests.at(-1)?.headers.cookie).toBeUndefined()
    expect(JSON.parse(gateway.logLines.at(-1) ?? '{}')).toMatchObject({ user: 'dave', backend: 'metrics', status: 200 })
  })

  it('verifies RS256 tokens with a configured public key and refuses an HS256 token forged with that public key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const upstream = await track(startJsonUpstream({ status: 'success', data: [] }))
    const gateway = await track(startGateway(configFor({ metrics: upstream.url }, {
      identity: { type: 'jwt', publicKeyPem: pem, issuer: 'https://sso.example', audience: 'traceboard' },
    })))
    const good = await new SignJWT({ permissions: 'metrics:read traces:read' }).setProtectedHeader({ alg: 'RS256' }).setSubject('erin')
      .setIssuer('https://sso.example').setAudience('traceboard').setExpirationTime('5m').sign(privateKey)
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { authorization: `Bearer ${good}` } })).status).toBe(200)
    const wrongAudience = await new SignJWT({ permissions: 'metrics:read' }).setProtectedHeader({ alg: 'RS256' }).setSubject('erin')
      .setIssuer('https://sso.example').setAudience('another-app').setExpirationTime('5m').sign(privateKey)
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { authorization: `Bearer ${wrongAudience}` } })).status).toBe(401)
    const confused = await new SignJWT({ permissions: 'metrics:read' }).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory')
      .setIssuer('https://sso.example').setAudience('traceboard').setExpirationTime('5m').sign(new TextEncoder().encode(pem))
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { authorization: `Bearer ${confused}` } })).status).toBe(401)
  })

  it('verifies tokens against a JWKS endpoint, and answers 503 (not 401) when the JWKS cannot be fetched', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }
    const jwks = await track(startUpstream((_req, res) => sendJson(res, 200, { keys: [jwk] })))
    const upstream = await track(startJsonUpstream({ status: 'success', data: [] }))
    const gateway = await track(startGateway(configFor({ metrics: upstream.url }, { identity: { type: 'jwt', jwksUrl: `${jwks.url}/jwks.json` } })))
    const token = await new SignJWT({ permissions: ['metrics:read'] }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('frank').setExpirationTime('5m').sign(privateKey)
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { authorization: `Bearer ${token}` } })).status).toBe(200)

    const down = await track(startGateway(configFor({ metrics: upstream.url }, { identity: { type: 'jwt', jwksUrl: 'http://127.0.0.1:9/jwks.json' } })))
    const r = await rawRequest(down.url, { path: QUERY, headers: { authorization: `Bearer ${token}` } })
    expect(r.status).toBe(503)
    expect(r.json()).toMatchObject({ error: { type: 'identity_unavailable' } })
  })

  it("uses the host's own verify callback: identity, no session (401) and a broken check (503)", async () => {
    const upstream = await track(startJsonUpstream({ status: 'success', data: [] }))
    const verify = (request: FastifyRequest) => {
      const s = request.headers['x-host-session']
      if (s === 'boom') throw new Error('session store down')
      return s === 'valid' ? { user: 'gina', permissions: ['metrics:read' as const] } : undefined
    }
    const gateway = await track(startGateway(configFor({ metrics: upstream.url }, { identity: { type: 'callback', verify } })))
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { 'x-host-session': 'valid' } })).status).toBe(200)
    expect((await rawRequest(gateway.url, { path: QUERY, headers: { 'x-host-session': 'nope' } })).status).toBe(401)
    const broken = await rawRequest(gateway.url, { path: QUERY, headers: { 'x-host-session': 'boom' } })
    expect(broken.status).toBe(503)
    expect(broken.text).not.toContain('session store down')
  })
})

describe('limits', () => {
  it('rate-limits per user with 429 and Retry-After, and the limited request never reaches the upstream', async () => {
    const upstream = await track(startJsonUpstream({ status: 'success', data: [] }))
    const gateway = await track(startGateway(configFor({ metrics: upstream.url }, { rateLimit: { max: 3, timeWindowMs: 60_000 } })))
    const alice = await gateway.as('alice')
    for (let i = 0; i < 3; i++) expect((await alice({ path: QUERY })).status).toBe(200)
    const limited = await alice({ path: QUERY })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited.json()).toMatchObject({ error: { type: 'rate_limited' } })
    expect(upstream.requests).toHaveLength(3)
    const bob = await gateway.as('bob')
    expect((await bob({ path: QUERY })).status).toBe(200)
  })

  it('times out a silent upstream with 504, and a slow-dripping one too', async () => {
    const silent = await track(startUpstream(() => undefined))
    const dripping = await track(startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const t = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(t))
    }))
    for (const upstream of [silent, dripping]) {
      const gateway = await track(startGateway({ ...configFor({}), backends: { metrics: { url: upstream.url, timeoutMs: 300 } } }))
      const started = Date.now()
      const r = await (await gateway.as('alice'))({ path: QUERY })
      expect(r.status).toBe(504)
      expect(r.json()).toMatchObject({ error: { type: 'upstream_timeout' } })
      expect(Date.now() - started).toBeLessThan(3000)
    }
  })

  it('refuses answers above the size cap with 502, declared or streamed', async () => {
    const big = { data: 'x'.repeat(5000) }
    const declared = await track(startJsonUpstream(big))
    const chunked = await track(startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      for (let i = 0; i < 10; i++) res.write('x'.repeat(1000))
      res.end()
    }))
    for (const upstream of [declared, chunked]) {
      const gateway = await track(startGateway({ ...configFor({}), backends: { metrics: { url: upstream.url, maxResponseBytes: 4096 } } }))
      const r = await (await gateway.as('alice'))({ path: QUERY })
      expect(r.status).toBe(502)
      expect(r.json()).toMatchObject({ error: { type: 'response_too_large' } })
      expect(r.text).not.toContain('xxxx')
    }
  })

  it('refuses request bodies above the limit with 413', async () => {
    const upstream = await track(startJsonUpstream({}))
    const gateway = await track(startGateway(configFor({ logs: upstream.url }, { requestBodyLimitBytes: 2048 })))
    const r = await (await gateway.as('alice'))({
      method: 'POST', path: '/api/logs/logs-*/_search', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: { term: { message: 'x'.repeat(5000) } } }),
    })
    expect(r.status).toBe(413)
    expect(upstream.requests).toHaveLength(0)
  })

  it("maps an upstream 401/403 to 502 so the host app never logs its user out", async () => {
    for (const status of [401, 403]) {
      const upstream = await track(startJsonUpstream({ error: 'security_exception' }, status, { 'www-authenticate': 'Basic realm="security"' }))
      const gateway = await track(startGateway(configFor({ logs: upstream.url })))
      const r = await (await gateway.as('alice'))({ method: 'POST', path: '/api/logs/logs-*/_search', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(r.status).toBe(502)
      expect(r.json()).toEqual({ error: { type: 'upstream_unauthorized', message: expect.stringContaining(`HTTP ${status}`) } })
      expect(r.headers['www-authenticate']).toBeUndefined()
    }
  })

  it('answers 502 when the upstream is down, naming the backend but not its address', async () => {
    const gateway = await track(startGateway({ ...configFor({}), backends: { metrics: { url: 'http://127.0.0.1:9' } } }))
    const r = await (await gateway.as('alice'))({ path: QUERY })
    expect(r.status).toBe(502)
    expect(r.json()).toEqual({ error: { type: 'upstream_unreachable', message: 'cannot reach metrics' } })
  })
})
