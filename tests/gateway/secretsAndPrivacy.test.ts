import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readContract, readContractText } from '../support/contracts'
import { sendJson, type TestServer } from '../support/testServer'
import { configFor, rawRequest, SECRETS, startGateway, startUpstream, tokenFor, type RawResponse, type RunningGateway } from './gatewayHarness'

const BASIC = Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')
const FORBIDDEN_TEXT = [...Object.values(SECRETS).filter((s) => s.length >= 8), BASIC]

function expectNoSecret(where: string, text: string): void {
  for (const secret of FORBIDDEN_TEXT) expect(text.includes(secret), `${where} contains a configured secret`).toBe(false)
}

function describeResponse(r: RawResponse): string {
  return `${JSON.stringify(r.headers)}\n${r.text}`
}

const MASKING = {
  hmacKeyEnv: 'TB_MASK_KEY',
  rules: [
    { field: 'user.id', action: 'hmac' },
    { field: 'source.ip', action: 'mask', keepLast: 2 },
    { field: 'http.uri.client', action: 'truncate', length: 7, scope: ['traces'] },
    { field: 'net.peer.ip', action: 'drop', scope: ['traces'] },
  ],
}

describe('Secrets and privacy (FAULTS.md) through a running gateway', () => {
  let logs: TestServer
  let traces: TestServer
  let metrics: TestServer
  let evil: TestServer
  let gateway: RunningGateway
  let token: string
  const tracePayloads: Record<string, string> = {
    '/api/v2/trace/a03ee8fff1dcd9b9': readContractText('traces/zipkin/yelp.json'),
  }

  beforeAll(async () => {
    evil = await startUpstream((_req, res) => sendJson(res, 200, { evil: true }))
    // An Elasticsearch that answers searches with a real payload, sets a cookie and, on
    // `_mapping`, echoes the request headers it got (as some debug/error pages do).
    logs = await startUpstream((req, res) => {
      if (req.url.endsWith('/_mapping')) return sendJson(res, 200, { echoed: req.headers })
      const body = readContract('logs/es-search-response-example.json')
      sendJson(res, 200, body, { 'set-cookie': 'ES_SESSION=es-session-cookie; Path=/', 'www-authenticate': 'Basic realm="es"' })
    })
    traces = await startUpstream((req, res) => {
      const found = tracePayloads[req.url]
      if (found) {
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'ZIPKIN=1' })
        res.end(found)
      } else if (req.url.startsWith('/api/v2/services')) {
        res.writeHead(200, { 'content-type': 'text/plain' })
        res.end('not json at all')
      } else {
        res.writeHead(502, { 'content-type': 'text/html' })
        res.end('<html><script>alert(document.cookie)</script>upstream broke</html>')
      }
    })
    metrics = await startUpstream((req, res) => sendJson(res, 200, { status: 'success', data: { got: req.headers.authorization } }))
    gateway = await startGateway(configFor({ logs: logs.url, traces: traces.url, metrics: metrics.url }, { masking: MASKING }))
    token = await tokenFor('alice')
  })

  afterAll(async () => {
    await gateway.close()
    for (const s of [logs, traces, metrics, evil]) await s.close()
  })

  function get(path: string, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    return rawRequest(gateway.url, {
      method,
      path,
      body,
      headers: { authorization: `Bearer ${token}`, cookie: 'host_session=abc', ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    })
  }

  describe('backend credentials never reach the browser', () => {
    it('the runtime config names same-origin URLs only', async () => {
      const r = await get('/traceboard.config.json')
      expect(r.status).toBe(200)
      for (const upstream of [logs.url, traces.url, metrics.url, '127.0.0.1']) expect(r.text).not.toContain(upstream)
      expectNoSecret('runtime config', describeResponse(r))
      expect(r.json()).toMatchObject({ backends: { metrics: { url: '/api/metrics' }, traces: { url: '/api/traces', kind: 'zipkin' }, logs: { url: '/api/logs' } } })
    })

    it('an upstream that echoes the credentials it received has them blanked', async () => {
      const m = await get('/api/metrics/api/v1/query?query=up')
      expect(m.status).toBe(200)
      expect(m.json()).toEqual({ status: 'success', data: { got: 'Basic [redacted]' } })
      const l = await get('/api/logs/logs-*/_mapping')
      expect(l.status).toBe(200)
      expect(l.text).toContain('[redacted]')
      expectNoSecret('echoing upstreams', describeResponse(m) + describeResponse(l))
    })

    it('no answer of any kind and no access-log line contains a configured secret, the host token or a query string', async () => {
      const responses = await Promise.all([
        get('/api/logs/logs-*/_search', 'POST', '{"size":1}'),
        get('/api/logs/secret/_search', 'POST', '{"size":1}'),
        get('/api/traces/api/v2/trace/a03ee8fff1dcd9b9'),
        get('/api/traces/api/v2/traces?serviceName=patient-4711'),
        get('/api/metrics/api/v1/status/config'),
        get('/api/metrics/api/v1/query?query=up', 'GET', undefined, { authorization: 'Bearer wrong' }),
        get('/api/nope'),
        get('/monitoring/traces?returnTo=x'),
      ])
      for (const r of responses) expectNoSecret(`response ${r.status}`, describeResponse(r))
      const log = gateway.logLines.join('\n')
      expect(gateway.logLines.length).toBeGreaterThanOrEqual(responses.length)
      expectNoSecret('access log', log)
      expect(log).not.toContain(token)
      expect(log).not.toContain('patient-4711')
      expect(log).not.toContain('host_session')
      for (const line of gateway.logLines) {
        expect(Object.keys(JSON.parse(line) as object).sort()).toEqual(expect.arrayContaining(['backend', 'durationMs', 'method', 'path', 'status', 'time', 'user']))
      }
    })
  })

  describe('PII is masked by the gateway, before the browser sees it', () => {
    it('log hits: hmac and mask applied to the real Elasticsearch answer', async () => {
      const r = await get('/api/logs/logs-*/_search', 'POST', '{"size":10}')
      expect(r.status).toBe(200)
      expect(r.text).not.toContain('kimchy')
      expect(r.text).not.toContain('127.0.0.1')
      expect(r.json()).toMatchObject({ hits: { hits: [{ _source: { user: { id: expect.stringMatching(/^hmac:[0-9a-f]{64}$/) }, source: { ip: '****.1' } } }] } })
    })

    it('span tags: the token inside a URL tag is cut off', async () => {
      const r = await get('/api/traces/api/v2/trace/a03ee8fff1dcd9b9')
      expect(r.status).toBe(200)
      expect(r.text).not.toContain('abcdefgh123456')
      expect(r.text).toContain('"http.uri.client":"/token/…"')
    })

    it('a success answer that cannot be parsed is refused rather than passed unmasked', async () => {
      const r = await get('/api/traces/api/v2/services')
      expect(r.status).toBe(502)
      expect(r.json()).toMatchObject({ error: { type: 'bad_upstream_response' } })
      expect(r.text).not.toContain('not json at all')
    })
  })

  describe('the gateway is no SSRF proxy and sets no cookies', () => {
    it('upstream Set-Cookie and WWW-Authenticate never reach the browser', async () => {
      const r = await get('/api/logs/logs-*/_search', 'POST', '{}')
      expect(r.status).toBe(200)
      expect(r.headers['set-cookie']).toBeUndefined()
      expect(r.headers['www-authenticate']).toBeUndefined()
      const t = await get('/api/traces/api/v2/trace/a03ee8fff1dcd9b9')
      expect(t.headers['set-cookie']).toBeUndefined()
    })

    it('proxied answers, even an upstream HTML error page, are sandboxed and never sniffed', async () => {
      const r = await get('/api/traces/api/v2/dependencies?endTs=1&lookback=1')
      expect(r.status).toBe(502)
      expect(r.headers['content-security-policy']).toMatch(/^sandbox;/)
      expect(r.headers['x-content-type-options']).toBe('nosniff')
      const ok = await get('/api/metrics/api/v1/query?query=up')
      expect(ok.headers['content-security-policy']).toMatch(/^sandbox;/)
      expect(ok.headers['cache-control']).toBe('no-store')
    })

    it('a forged Host header or an absolute-form request target cannot choose the upstream', async () => {
      const evilHost = new URL(evil.url).host
      const viaHost = await get('/api/metrics/api/v1/query?query=up', 'GET', undefined, { host: evilHost })
      expect(viaHost.text).not.toContain('evil')
      const absolute = await get(`${evil.url}/api/metrics/api/v1/query?query=up`)
      expect(absolute.text).not.toContain('"evil"')
      const userinfo = await get(`/api/metrics@${evilHost}/api/v1/query`)
      expect(userinfo.status).toBeGreaterThanOrEqual(400)
      expect(evil.requests).toHaveLength(0)
    })

    it.each(['//evil.example/', '/\\evil.example', '/%2F%2Fevil.example', '/monitoring?returnTo=https://evil.example', '/api/metrics/http:%2F%2Fevil.example'])(
      'never redirects off-site: %s',
      async (path) => {
        const r = await rawRequest(gateway.url, { path })
        expect(r.status < 300 || r.status >= 400).toBe(true)
        expect(r.headers.location).toBeUndefined()
      },
    )
  })
})
