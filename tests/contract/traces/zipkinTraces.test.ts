import { describe, expect, it } from 'vitest'
import { parseTraceFile, type Span, type Trace } from '../../../src/domain/trace'
import { readContract, readContractText } from '../../support/contracts'
import { expectPreorderInvariants } from '../../domain/trace/invariants'

function load(name: string): Trace {
  const parsed = parseTraceFile(readContractText(`traces/zipkin/${name}`))
  expect(parsed.traces).toHaveLength(1)
  const trace = parsed.traces[0]!
  expectPreorderInvariants(trace)
  return trace
}

const byKey = (t: Trace, key: string): Span => {
  const s = t.spans.find((x) => x.key === key)
  if (!s) throw new Error(`no span ${key}`)
  return s
}
const parentOf = (t: Trace, s: Span): Span | undefined => t.spans[s.parentIndex]
const skewShift = (s: Span): number | undefined => s.warnings.find((w) => w.code === 'skew-adjusted')?.shiftUs

/** Every id of the file is in the model as often as in the file: nothing dropped, nothing doubled. */
function expectEachInputSpanOnce(t: Trace, file: string): void {
  const input = readContract(`traces/zipkin/${file}`) as { id: string }[]
  const want = new Map<string, number>()
  for (const s of input) want.set(s.id, (want.get(s.id) ?? 0) + 1)
  const got = new Map<string, number>()
  for (const s of t.spans) got.set(s.spanId, (got.get(s.spanId) ?? 0) + 1)
  expect(got).toEqual(want)
}

describe('Zipkin contract traces', () => {
  it('smartthings: keeps all 175 spans, nests the 45 shared server halves under their clients', () => {
    const t = load('smartthings-oauth-authorization.json')
    expect(t.spanCount).toBe(175)
    expectEachInputSpanOnce(t, 'smartthings-oauth-authorization.json')
    const shared = t.spans.filter((s) => s.shared)
    expect(shared).toHaveLength(45)
    for (const s of shared) {
      const client = parentOf(t, s)!
      expect(client.spanId).toBe(s.spanId)
      expect(client.kind).toBe('client')
      expect(client.key).toBe(s.spanId)
      expect(s.key).toMatch(new RegExp(`^${s.spanId}_\\d+$`))
      // after skew correction no server half starts before its client
      expect(s.startUs).toBeGreaterThanOrEqual(client.startUs)
    }
    expect(t.rootSpanIds).toEqual(['8ce82b2e9ed820ba'])
    expect(t.spans[0]).toMatchObject({ service: 'datamgmt', name: 'get /oauth/authorize', depth: 0 })
    expect(t.incomplete).toBe(false)
    expect(t.durationUs).toBe(100348445)
    expect(t.services).toEqual([
      { name: 'account', spanCount: 5, errorCount: 0 },
      { name: 'auth', spanCount: 73, errorCount: 1 },
      { name: 'bouncer', spanCount: 2, errorCount: 0 },
      { name: 'datamgmt', spanCount: 65, errorCount: 0 },
      { name: 'dove', spanCount: 1, errorCount: 0 },
      { name: 'paperboy', spanCount: 1, errorCount: 0 },
      { name: 'pusher', spanCount: 11, errorCount: 0 },
      { name: 'stlogin', spanCount: 17, errorCount: 1 },
    ])
    expect(t.errorCount).toBe(2)
    expect(t.spans.filter((s) => s.status === 'error').map((s) => [s.key, s.service, s.statusMessage])).toEqual([
      ['c47bff7f7964b321', 'stlogin', '401'],
      ['c47bff7f7964b321_1', 'auth', '401'],
    ])
    expect(Math.max(...t.spans.map((s) => s.depth))).toBe(31)
  })

  it('smartthings: five servers answering one client stay five spans, same-endpoint repeats flagged', () => {
    const t = load('smartthings-oauth-authorization.json')
    const client = byKey(t, '9d2d35b746db84f3')
    expect(client).toMatchObject({ service: 'bouncer', kind: 'client', childCount: 5 })
    const servers = t.spans.filter((s) => s.spanId === '9d2d35b746db84f3' && s.shared)
    expect(servers).toHaveLength(5)
    expect(servers.every((s) => s.service === 'pusher' && parentOf(t, s) === client)).toBe(true)
    // three on 10.0.0.187 and two on 10.0.0.79: the 2nd and 3rd, and the 2nd, repeat an endpoint
    expect(servers.filter((s) => s.warnings.some((w) => w.code === 'duplicate-id'))).toHaveLength(3)
    expect(t.warnings.find((w) => w.code === 'duplicate-id')?.count).toBe(3)
    expect(t.warnings.find((w) => w.code === 'missing-duration')?.count).toBe(19)
  })

  it('smartthings: clock skew is corrected on five spans, each with its shift', () => {
    const t = load('smartthings-oauth-authorization.json')
    const shifted = t.spans.filter((s) => skewShift(s) !== undefined).map((s) => [s.key, skewShift(s)])
    expect(shifted).toEqual(
      expect.arrayContaining([
        ['61d0055f29150e03_1', -2231],
        ['e2e348dcb3334c38', -2231],
        ['5f4625942bfac6f1_1', -744],
        ['19b91ab9a7d47f3d_1', -771],
        ['9d2d35b746db84f3', -771],
      ]),
    )
    expect(shifted).toHaveLength(5)
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'skew-adjusted', count: 5 }))
  })

  it('skew.json: the server half is shifted into its client window, with its local child', () => {
    const t = load('skew.json')
    expect(t.spanCount).toBe(4)
    const client = byKey(t, '74280ae0c10d8062')
    const server = byKey(t, '74280ae0c10d8062_1')
    const child = byKey(t, '43210ae0c10d1234')
    expect(client.kind).toBe('client')
    expect(server).toMatchObject({ kind: 'server', shared: true, service: 'serviceb' })
    expect(parentOf(t, server)).toBe(client)
    expect(parentOf(t, child)).toBe(server)
    // latency = (94539 - 93577) / 2 = 481; skew = 1470150004008761 - 481 - 1470150004074202
    expect(skewShift(server)).toBe(65922)
    expect(skewShift(child)).toBe(65922)
    expect(server.warnings.map((w) => w.message)).toContain('clock skew adjusted by +65922 \u00b5s')
    expect(server.startUs).toBe(1470150004008761 + 65922)
    expect(server.startUs).toBeGreaterThanOrEqual(client.startUs)
    expect(server.startUs + server.durationUs).toBeLessThanOrEqual(client.startUs + client.durationUs)
    expect(child.startUs).toBe(1470150004008762 + 65922)
    expect(skewShift(byKey(t, 'bf396325699c84bf'))).toBeUndefined()
    expect(skewShift(client)).toBeUndefined()
  })

  it('envoy.json: a shared root without service name is a plain root of unknown-service', () => {
    const t = load('envoy.json')
    expect(t.spanCount).toBe(1)
    expect(t.spans[0]).toMatchObject({ key: '978883983d506fa5', service: 'unknown-service', kind: 'server', shared: false, parentIndex: -1 })
    expect(t.spans[0]!.warnings.map((w) => w.code)).toEqual(['missing-service'])
    expect(t.spans[0]!.attributes['http.status_code']).toBe('200')
    expect(t.spans[0]!.status).toBe('unset')
  })

  it('messaging.json: keeps the 128-bit trace id and the SERVER → PRODUCER → CONSUMER chain', () => {
    const t = load('messaging.json')
    expect(t.traceId).toBe('5aab74dbb904746bb33447baae403ed6')
    expect(t.spans.map((s) => [s.key, s.kind, s.depth])).toEqual([
      ['b33447baae403ed6', 'server', 0],
      ['05e3ac9a4f6e3b90', 'producer', 1],
      ['e457b5a2e4d86bd1', 'consumer', 2],
      ['4ad2db84ac76def7', 'unspecified', 3],
    ])
    expect(t.spans.map((s) => s.remoteService)).toEqual([undefined, 'rabbitmq', 'rabbitmq', undefined])
    expect(t.spans.every((s) => s.traceId === '5aab74dbb904746bb33447baae403ed6')).toBe(true)
  })

  it('messaging-kafka.json: 28 spans, three error tags in serviceb, fan-out under one poll', () => {
    const t = load('messaging-kafka.json')
    expect(t.spanCount).toBe(28)
    expect(t.services).toEqual([
      { name: 'servicea', spanCount: 22, errorCount: 0 },
      { name: 'serviceb', spanCount: 6, errorCount: 3 },
    ])
    expect(t.spans.filter((s) => s.status === 'error').map((s) => s.statusMessage)).toEqual(['some error', 'some error', undefined])
    expect(t.spans[0]).toMatchObject({ name: 'poll', kind: 'consumer', childCount: 3 })
    expect(t.spans.filter((s) => s.kind === 'unspecified')).toHaveLength(12)
    expect(t.warnings).toEqual([])
  })

  it('ascend.json: local spans of a server hang under its server half; late server centred', () => {
    const t = load('ascend.json')
    expect(t.spanCount).toBe(8)
    const contentServer = byKey(t, 'ecc00062ceef4bf0_1')
    expect(contentServer.shared).toBe(true)
    expect(parentOf(t, byKey(t, 'e6422f7ff7d78099'))).toBe(contentServer)
    expect(parentOf(t, byKey(t, 'c21c6c51ac71b3ba'))).toBe(contentServer)
    const authClient = byKey(t, '52b1ab4956917c39')
    const authServer = byKey(t, '52b1ab4956917c39_1')
    // the auth server starts after its 14 ms client already ended: centred in the client window
    expect(skewShift(authServer)).toBe(-14206)
    expect(skewShift(byKey(t, '80c0d1d62f437a1b'))).toBe(-14206)
    expect(authServer.startUs).toBeGreaterThanOrEqual(authClient.startUs)
    expect(authServer.startUs + authServer.durationUs).toBeLessThanOrEqual(authClient.startUs + authClient.durationUs)
    expect(skewShift(contentServer)).toBeUndefined()
  })

  it('yelp.json: a child without port still finds its server half; odd service names kept', () => {
    const t = load('yelp.json')
    expect(t.spanCount).toBe(16)
    expect(t.spans.filter((s) => s.shared)).toHaveLength(3)
    const mobileServer = byKey(t, 'f5f268651b2a2b34_1')
    expect(mobileServer.service).toBe('mobile_api')
    for (const key of ['15fc03927f0f68df', '7a778764a0d0b594', 'cb4d73f31cd90cae', '6a65182ea4f684c3']) {
      expect(parentOf(t, byKey(t, key))).toBe(mobileServer)
    }
    expect(t.services.map((s) => s.name)).toContain('unknown')
    expect(t.rootSpanIds).toEqual(['2e8cfb154b59a41f'])
  })

  it('simple-db-p6.json: JDBC client children sorted by start time with their sql.query tags', () => {
    const t = load('simple-db-p6.json')
    expect(t.spans.map((s) => s.key)).toEqual([
      '19f84f102048e047',
      '8b1e63c0f49a81f7',
      'e4efd924fec0624c',
      '5d532ef6fed52445',
      '544e854ede87b217',
    ])
    expect(t.spans.slice(1).every((s) => s.parentIndex === 0 && s.remoteService === 'app_db')).toBe(true)
    expect(t.spans[1]!.attributes['sql.query']).toBe('call next value for hibernate_sequence')
  })

  it('single-span-client.json: one span object, annotations as events, parent missing', () => {
    const parsed = parseTraceFile(readContractText('traces/zipkin/single-span-client.json'))
    expect(parsed.format).toBe('zipkin-span')
    const t = parsed.traces[0]!
    expect(t.traceId).toBe('4d1e00c0db9010db86154a4ba6e91385')
    expect(t.incomplete).toBe(true)
    expect(t.spans[0]).toMatchObject({ key: '4d1e00c0db9010db', parentSpanId: '86154a4ba6e91385', kind: 'client', remoteService: 'backend' })
    expect(t.spans[0]!.events.map((e) => [e.name, e.timeUs])).toEqual([
      ['foo', 1472470996238000],
      ['bar', 1472470996403000],
    ])
    expect(t.spans[0]!.attributes).toEqual({ 'http.path': '/api', 'clnt/finagle.version': '6.45.0' })
    expect(t.spans[0]!.resource).toMatchObject({ 'service.name': 'frontend', 'endpoint.ipv6': '2001:db8::c001' })
    expect(t.warnings.map((w) => w.code)).toEqual(['missing-parent'])
  })
})
