import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { API_SECURITY_HEADERS } from '../../gateway/app/securityHeaders'
import { createGateway } from '../../gateway/createGateway'
import { createSecretScrubber } from '../../gateway/masking/scrubSecrets'
import { OPAQUE_CONTENT_TYPE, rebuildContentType, rebuildRetryAfter } from '../../gateway/proxy/responseHeaders'
import type { TestServer } from '../support/testServer'
import { configFor, SECRETS, startGateway, startUpstream, TEST_ENV, type RawResponse, type RunningGateway } from './gatewayHarness'

// Issue 16: Content-Type and Retry-After were copied from the upstream verbatim, so an upstream
// reflecting the request's Authorization into them handed the browser the upstream password.

const BASIC = Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')
const SECRET_TEXT = [...Object.values(SECRETS).filter((s) => s.length >= 8), BASIC]
// Encoded forms a header could carry: base64 of each secret on its own, URL-encoded, base64url.
const FORBIDDEN_TEXT = [
  ...SECRET_TEXT,
  ...SECRET_TEXT.map((s) => Buffer.from(s).toString('base64').replace(/=+$/, '')),
  ...SECRET_TEXT.map((s) => Buffer.from(s).toString('base64url')),
  ...SECRET_TEXT.map((s) => encodeURIComponent(s)),
]

/** Headers a proxied answer may carry: the gateway's own plus the two rebuilt ones. */
const ALLOWED_NAMES = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'retry-after', ...Object.keys(API_SECURITY_HEADERS)])
const CONTENT_TYPES = new Set(
  ['application/json', 'text/plain', 'application/x-protobuf', 'application/protobuf', 'application/x-www-form-urlencoded'].flatMap((t) => [
    t,
    `${t}; charset=utf-8`,
    `${t}; charset=us-ascii`,
    `${t}; charset=iso-8859-1`,
  ]),
)
CONTENT_TYPES.add(OPAQUE_CONTENT_TYPE)

function expectOnlyRebuiltHeaders(where: string, r: RawResponse, logLines: readonly string[]): void {
  for (const name of Object.keys(r.headers)) expect(ALLOWED_NAMES.has(name), `${where}: header ${name} passed`).toBe(true)
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(r.headers[name], `${where}: ${name}`).toBe(value)
  const ct = r.headers['content-type']
  if (ct !== undefined) expect(CONTENT_TYPES.has(ct), `${where}: content-type ${ct}`).toBe(true)
  const text = `${JSON.stringify(r.headers)}\n${r.text}\n${logLines.join('\n')}`
  for (const secret of FORBIDDEN_TEXT) expect(text.includes(secret), `${where}: a response or log line contains a configured secret`).toBe(false)
}

describe('Content-Type and Retry-After are rebuilt, never copied', () => {
  it.each([
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
    ['application/json;charset=UTF-8', 'application/json; charset=utf-8'],
    ['APPLICATION/JSON ; Charset="utf-8"', 'application/json; charset=utf-8'],
    ['text/plain; charset=iso-8859-1', 'text/plain; charset=iso-8859-1'],
    ['application/x-protobuf', 'application/x-protobuf'],
    ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
    ['application/json; x="Basic cHJvbTpwYXNz"', 'application/json'],
    ['application/json; charset=utf-8; x="Basic cHJvbTpwYXNz"', 'application/json; charset=utf-8'],
    ['application/json; charset="Basic cHJvbTpwYXNz"', 'application/json'],
    ['application/json; charset=utf-8; charset=cHJvbTpwYXNz', 'application/json; charset=utf-8'],
    ['application/json; charset=windows-1252', 'application/json'],
    ['application/json, text/html', OPAQUE_CONTENT_TYPE],
    ['text/html; charset=utf-8', OPAQUE_CONTENT_TYPE],
    ['application/vnd.elasticsearch+json; compatible-with=8', OPAQUE_CONTENT_TYPE],
    ['Basic cHJvbTpwYXNz', OPAQUE_CONTENT_TYPE],
    ['', OPAQUE_CONTENT_TYPE],
    ['application/json\r\nX-Injected: 1', OPAQUE_CONTENT_TYPE],
  ])('Content-Type %j becomes %j', (upstream, browser) => {
    expect(rebuildContentType(upstream)).toBe(browser)
  })

  it('a missing or repeated Content-Type is not guessed at', () => {
    expect(rebuildContentType(undefined)).toBeUndefined()
    expect(rebuildContentType(['application/json', 'text/html'])).toBe(OPAQUE_CONTENT_TYPE)
  })

  it.each([
    ['120', '120'],
    ['0', '0'],
    ['007', '7'],
    ['Wed, 21 Oct 2015 07:28:00 GMT', 'Wed, 21 Oct 2015 07:28:00 GMT'],
    ['Basic cHJvbTpwYXNz', undefined],
    ['120, Basic cHJvbTpwYXNz', undefined],
    ['120 Basic', undefined],
    ['Wed, 21 Oct 2015 07:28:00 GMT; Basic cHJvbTpwYXNz', undefined],
    ['Wednesday, 21-Oct-15 07:28:00 GMT', undefined],
    ['-5', undefined],
    ['1e3', undefined],
    ['1.5', undefined],
    ['99999999999999999999', undefined],
    ['', undefined],
  ])('Retry-After %j becomes %j', (upstream, browser) => {
    expect(rebuildRetryAfter(upstream)).toBe(browser)
  })

  it('property: whatever the upstream sends, the browser gets one of a fixed set of Content-Types and a number or a date as Retry-After', () => {
    const header = fc.oneof(fc.string(), fc.constantFrom('application/json', 'text/plain', 'application/json; charset=utf-8').chain((t) => fc.string().map((s) => `${t}${s}`)))
    fc.assert(
      fc.property(header, (value) => {
        const ct = rebuildContentType(value)
        expect(ct !== undefined && CONTENT_TYPES.has(ct)).toBe(true)
        const ra = rebuildRetryAfter(value)
        if (ra !== undefined) expect(ra).toMatch(/^(?:\d{1,9}|[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)$/)
      }),
      { numRuns: 3000 },
    )
  })
})

describe('the secret scrubber knows plain, base64 and URL-encoded forms', () => {
  const odd = 'p@ss w/rd+SECRET;1é'
  const scrubber = createSecretScrubber([odd, SECRETS.promPassword, 'short'])

  it.each([
    ['plain', odd],
    ['JSON-escaped', JSON.stringify(odd).slice(1, -1)],
    ['URL-encoded', encodeURIComponent(odd)],
    ['URL-encoded, lower-case hex', encodeURIComponent(odd).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
    ['form-encoded', encodeURIComponent(odd).replace(/%20/g, '+')],
    ['base64', Buffer.from(odd).toString('base64')],
    ['base64url', Buffer.from(odd).toString('base64url')],
    ['base64 after 1 byte', Buffer.from(`x${odd}`).toString('base64')],
    ['base64 after 2 bytes', Buffer.from(`xy${odd}`).toString('base64')],
    ['base64 inside a Basic credential', Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')],
    ['base64 inside a longer text', Buffer.from(`Authorization: Bearer ${odd} and more`).toString('base64')],
  ])('finds the %s form in a header and blanks it in a body', (_name, form) => {
    expect(scrubber.finds(`application/json; x="${form}"`)).toBe(true)
    const out = scrubber.body(Buffer.from(JSON.stringify({ echoed: form }))).toString()
    expect(out).toContain('[redacted]')
    expect(out).not.toContain(form)
  })

  it('leaves clean text alone and ignores secrets too short to search for', () => {
    expect(scrubber.finds('application/json; charset=utf-8')).toBe(false)
    expect(scrubber.finds('short')).toBe(false)
    const clean = Buffer.from('{"ok":true,"short":"short"}')
    expect(scrubber.body(clean)).toBe(clean)
  })
})

/** Upstream headers chosen by `?case=`, each reflecting the Authorization header it received. */
function reflectingHeaders(name: string, auth: string): { status: number; headers: Record<string, string | string[]> } {
  const b64 = Buffer.from(auth).toString('base64')
  const cases: Record<string, { status: number; headers: Record<string, string | string[]> }> = {
    quoted: { status: 200, headers: { 'content-type': `application/json; x="${auth}"` } },
    charsetAndQuoted: { status: 200, headers: { 'content-type': `application/json; charset=utf-8; x="${auth}"` } },
    inCharset: { status: 200, headers: { 'content-type': `application/json; charset="${auth}"` } },
    asType: { status: 200, headers: { 'content-type': auth } },
    base64: { status: 200, headers: { 'content-type': `application/json; x=${b64}` } },
    urlEncoded: { status: 200, headers: { 'content-type': `application/json; x=${encodeURIComponent(auth)}` } },
    html: { status: 200, headers: { 'content-type': `text/html; x="${auth}"` } },
    repeated: { status: 200, headers: { 'content-type': ['application/json', `text/html; x="${auth}"`] } },
    retryAfter503: { status: 503, headers: { 'content-type': 'application/json', 'retry-after': auth } },
    retryAfterList429: { status: 429, headers: { 'content-type': 'application/json', 'retry-after': `120, ${auth}` } },
    retryAfterDate: { status: 503, headers: { 'content-type': 'application/json', 'retry-after': `Wed, 21 Oct 2015 07:28:00 GMT ${auth}` } },
    goodRetryAfter: { status: 503, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '30' } },
    unauthorized: { status: 401, headers: { 'content-type': `application/json; x="${auth}"`, 'retry-after': auth, 'www-authenticate': `Basic realm="${auth}"` } },
    everyOther: {
      status: 200,
      headers: {
        'content-type': 'application/json',
        server: `elasticsearch ${auth}`,
        'x-powered-by': auth,
        'x-elastic-product': 'Elasticsearch',
        'set-cookie': [`SESSION=${b64}; Path=/`, 'other=1'],
        'www-authenticate': `Basic realm="${auth}"`,
        'proxy-authenticate': auth,
        'authentication-info': auth,
        location: `https://evil.example/?t=${encodeURIComponent(auth)}`,
        'content-location': '/internal',
        refresh: '0; url=https://evil.example/',
        link: '<https://evil.example/>; rel=preload',
        'content-disposition': 'attachment; filename="x.html"',
        'access-control-allow-origin': '*',
        'access-control-allow-credentials': 'true',
        'content-security-policy': 'default-src *',
        'x-content-type-options': 'off',
        'cache-control': 'public, max-age=31536000',
        'x-frame-options': 'ALLOWALL',
        'strict-transport-security': 'max-age=0',
        'alt-svc': 'h2=":443"',
        'clear-site-data': '"*"',
        'x-echo-authorization': auth,
        'x-echo-base64': b64,
        warning: `199 - "${auth}"`,
        vary: 'Authorization',
        etag: `"${b64}"`,
        'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
        expires: 'Thu, 01 Jan 2099 00:00:00 GMT',
        'x-ratelimit-remaining': '1',
        'content-language': 'en',
      },
    },
  }
  return cases[name] ?? { status: 404, headers: { 'content-type': 'application/json' } }
}

const CASE_EXPECTATIONS: [string, number, string | undefined, string | undefined][] = [
  ['quoted', 200, 'application/json', undefined],
  ['charsetAndQuoted', 200, 'application/json; charset=utf-8', undefined],
  ['inCharset', 200, 'application/json', undefined],
  ['asType', 200, OPAQUE_CONTENT_TYPE, undefined],
  ['base64', 200, 'application/json', undefined],
  ['urlEncoded', 200, 'application/json', undefined],
  ['html', 200, OPAQUE_CONTENT_TYPE, undefined],
  ['repeated', 200, OPAQUE_CONTENT_TYPE, undefined],
  ['retryAfter503', 503, 'application/json', undefined],
  ['retryAfterList429', 429, 'application/json', undefined],
  ['retryAfterDate', 503, 'application/json', undefined],
  ['goodRetryAfter', 503, 'application/json; charset=utf-8', '30'],
  ['unauthorized', 502, 'application/json; charset=utf-8', undefined],
  ['everyOther', 200, 'application/json', undefined],
]

describe('an upstream that reflects the request Authorization into its response headers', () => {
  let upstream: TestServer
  let gateway: RunningGateway
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      const name = new URL(req.url, 'http://x').searchParams.get('case') ?? ''
      const { status, headers } = reflectingHeaders(name, String(req.headers.authorization))
      res.writeHead(status, headers)
      res.end(JSON.stringify({ status: 'success', data: [] }))
    })
    gateway = await startGateway(configFor({ metrics: upstream.url, traces: upstream.url }))
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  describe.each([
    ['metrics (Basic)', '/api/metrics/api/v1/query?query=up&case='],
    ['traces (Bearer)', '/api/traces/api/v2/services?case='],
  ])('%s', (_backend, prefix) => {
    it.each(CASE_EXPECTATIONS)('%s: status %i, Content-Type %j, Retry-After %j, nothing else, no secret', async (name, status, contentType, retryAfter) => {
      const send = await gateway.as('alice')
      const r = await send({ path: `${prefix}${name}` })
      expect(upstream.requests.at(-1)?.url).toContain(`case=${name}`)
      expect(r.status).toBe(status)
      expect(r.headers['content-type']).toBe(contentType)
      expect(r.headers['retry-after']).toBe(retryAfter)
      expectOnlyRebuiltHeaders(`${prefix}${name}`, r, gateway.logLines)
    })
  })
})

/** A raw TCP upstream that answers every request with the bytes `respond` builds from the Authorization it got. */
async function startRawUpstream(respond: (path: string, auth: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    let head = ''
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      const path = head.split(' ')[1] ?? '/'
      const auth = /\r\nauthorization: ([^\r\n]*)/i.exec(head)?.[1] ?? ''
      socket.end(respond(path, auth), 'latin1')
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const BODY = '{"status":"success","data":[]}'
const RAW_CASES: Record<string, (auth: string) => string> = {
  obsFold: (auth) => `Content-Type: application/json\r\n\tx="${auth}"`,
  bareCr: (auth) => `Content-Type: application/json\rX-Injected: ${auth}`,
  bareLf: (auth) => `Content-Type: application/json\nX-Injected: ${auth}`,
  nul: (auth) => `Content-Type: application/json\u0000${auth}`,
  crlfInQuotes: (auth) => `Content-Type: application/json; x="\r\nX-Injected: ${auth}"`,
  retryAfterCrlf: (auth) => `Retry-After: 1\r\nX-Injected: ${auth}\r\nContent-Type: application/json`,
  latin1: (auth) => `Content-Type: application/json; x="\u00ff${auth}"`,
}

describe('CRLF and other broken header bytes from a raw upstream', () => {
  let upstream: { url: string; close(): Promise<void> }
  let gateway: RunningGateway
  beforeAll(async () => {
    upstream = await startRawUpstream((path, auth) => {
      const name = new URL(path, 'http://x').searchParams.get('case') ?? ''
      const headers = RAW_CASES[name]?.(auth) ?? 'Content-Type: application/json'
      return `HTTP/1.1 200 OK\r\n${headers}\r\nContent-Length: ${BODY.length}\r\nConnection: close\r\n\r\n${BODY}`
    })
    gateway = await startGateway(configFor({ metrics: upstream.url }))
  })
  afterAll(async () => {
    await gateway.close()
    await upstream.close()
  })

  it.each(Object.keys(RAW_CASES))('%s: answered (or refused as a bad upstream) with only rebuilt headers and no secret', async (name) => {
    const send = await gateway.as('alice')
    const r = await send({ path: `/api/metrics/api/v1/query?query=up&case=${name}` })
    expect([200, 502]).toContain(r.status)
    expect(r.headers['x-injected']).toBeUndefined()
    expectOnlyRebuiltHeaders(name, r, gateway.logLines)
  })
})

describe('every header the gateway sends is checked for secrets', () => {
  it('a header that holds a secret in any form is dropped before it leaves', async () => {
    const unused = 'http://127.0.0.1:9'
    const config = configFor({ metrics: unused, traces: unused, logs: unused }, { masking: { hmacKeyEnv: 'TB_MASK_KEY', rules: [{ field: 'user.id', action: 'hmac' }] } })
    const app = createGateway(config, { env: TEST_ENV, accessLog: () => undefined })
    // A stand-in for any future code path that sets a header from data it did not write itself.
    app.get('/echo-header', (request, reply) => {
      const form = String(request.query && (request.query as Record<string, string>).form)
      return reply.header('x-debug', `token ${form}`).header('x-clean', 'fine').send('{}')
    })
    await app.ready()
    const forms = [SECRETS.esApiKey, BASIC, Buffer.from(SECRETS.zipkinToken).toString('base64'), Buffer.from(`:${SECRETS.hmac}`).toString('base64url'), encodeURIComponent(SECRETS.promPassword)]
    for (const form of forms) {
      const r = await app.inject({ method: 'GET', url: `/echo-header?form=${encodeURIComponent(form)}` })
      expect(r.headers['x-debug'], form).toBeUndefined()
      expect(r.headers['x-clean']).toBe('fine')
    }
    const clean = await app.inject({ method: 'GET', url: '/echo-header?form=nothing' })
    expect(clean.headers['x-debug']).toBe('token nothing')
    await app.close()
  })
})
