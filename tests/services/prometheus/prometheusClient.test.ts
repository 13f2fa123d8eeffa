import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient, type HttpClientOptions } from '@/services/http'
import { setFailureLogger } from '@/services/log'
import { createPrometheusClient, MAX_GET_PARAMS_CHARS } from '@/services/prometheus/prometheusClient'
import { sendJson, startTestServer, type Handler, type RecordedRequest, type TestServer } from '../../support/testServer'
import { failureOf } from '../../support/failureOf'

let server: TestServer | undefined

beforeAll(() => setFailureLogger(() => {}))
afterAll(() => setFailureLogger(undefined))
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(handler: Handler, options: Partial<HttpClientOptions> = {}) {
  server = await startTestServer(handler)
  const http = createHttpClient({ backend: 'prometheus', baseURL: server.url, retry: { retries: 0 }, sleep: async () => {}, ...options })
  return { client: createPrometheusClient(http), requests: server.requests }
}

function ok(data: unknown, extra: Record<string, unknown> = {}): Handler {
  return (_req, res) => sendJson(res, 200, { status: 'success', data, ...extra })
}

const vector = (result: unknown[]) => ({ resultType: 'vector', result })

function params(req: RecordedRequest | undefined): URLSearchParams {
  if (!req) throw new Error('no request')
  return req.method === 'POST' ? new URLSearchParams(req.body) : new URL(req.url, 'http://x').searchParams
}

function path(req: RecordedRequest | undefined): string {
  return new URL(req?.url ?? '/', 'http://x').pathname
}


describe('instant queries', () => {
  it('GET /api/v1/query with query, time and timeout; string values become numbers incl. NaN and ±Inf', async () => {
    const { client, requests } = await serve(
      ok(
        vector([
          { metric: { s: 'a' }, value: [1700000000.5, '1.5'] },
          { metric: { s: 'b' }, value: [1700000000.5, 'NaN'] },
          { metric: { s: 'c' }, value: [1700000000.5, '+Inf'] },
          { metric: { s: 'd' }, value: [1700000000.5, '-Inf'] },
        ]),
      ),
    )
    const r = await client.queryVector('up', { timeS: 1700000000.5, timeoutS: 10 })
    expect(requests[0]?.method).toBe('GET')
    expect(path(requests[0])).toBe('/api/v1/query')
    expect(Object.fromEntries(params(requests[0]))).toEqual({ query: 'up', time: '1700000000.5', timeout: '10' })
    expect(r.data.map((x) => x.value)).toEqual([1.5, NaN, Infinity, -Infinity])
    expect(r.data[0]).toEqual({ labels: { s: 'a' }, value: 1.5, timeS: 1700000000.5 })
    expect(r.partial).toBe(false)
  })

  it(`a long expression (> ${MAX_GET_PARAMS_CHARS} encoded chars) goes as a form POST`, async () => {
    const { client, requests } = await serve(ok(vector([])))
    const expr = `sum by (service_name) (rate(x{service_name=~"${'svc-a|'.repeat(300)}b"}[5m]))`
    await client.query(expr, { timeS: 10 })
    expect(requests[0]?.method).toBe('POST')
    expect(requests[0]?.headers['content-type']).toContain('application/x-www-form-urlencoded')
    expect(requests[0]?.url).toBe('/api/v1/query')
    expect(params(requests[0]).get('query')).toBe(expr)
    expect(params(requests[0]).get('time')).toBe('10')
  })

  it('a short expression stays a GET', async () => {
    const { client, requests } = await serve(ok(vector([])))
    await client.query('up')
    expect(requests[0]?.method).toBe('GET')
    expect(requests[0]?.body).toBe('')
  })

  it('the long-query POST is retried like a GET (it is a read)', async () => {
    let n = 0
    const { client, requests } = await serve(
      (_req, res) => (n++ === 0 ? sendJson(res, 503, { status: 'error', errorType: 'unavailable', error: 'x' }) : ok(vector([]))(_req, res)),
      { retry: { retries: 1, baseDelayMs: 0 } },
    )
    await client.query('x'.repeat(MAX_GET_PARAMS_CHARS + 1))
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST'])
  })

  it('warnings → partial with the warnings; infos alone do not make data partial', async () => {
    const warned = await serve(ok(vector([]), { warnings: ['store eu-1 unavailable'], infos: ['PromQL info: x'] }))
    const r1 = await warned.client.query('up')
    expect(r1).toMatchObject({ partial: true, warnings: ['store eu-1 unavailable'], infos: ['PromQL info: x'] })
    await server?.close()
    const informed = await serve(ok(vector([]), { infos: ['PromQL info: metric might not be a counter'], warnings: null }))
    const r2 = await informed.client.query('up')
    expect(r2).toMatchObject({ partial: false, warnings: [], infos: ['PromQL info: metric might not be a counter'] })
  })

  it('scalar → one unlabelled sample; string → a badResponse naming resultType', async () => {
    const s = await serve(ok({ resultType: 'scalar', result: [5, '2'] }))
    expect((await s.client.queryVector('1+1')).data).toEqual([{ labels: {}, value: 2, timeS: 5 }])
    expect((await s.client.query('1+1')).data).toEqual({ resultType: 'scalar', timeS: 5, value: 2 })
    await server?.close()
    const t = await serve(ok({ resultType: 'string', result: [5, 'hello'] }))
    expect(await failureOf(t.client.queryVector('"hello"'))).toMatchObject({ kind: 'badResponse', path: 'data.resultType' })
  })

  it('tolerates native histograms (value NaN, histogram kept)', async () => {
    const histogram = { count: '10', sum: '3.5', buckets: [[0, '0.5', '1', '4'], [0, '1', '2', '6']] }
    const { client } = await serve(ok(vector([{ metric: { s: 'a' }, histogram: [7, histogram] }])))
    const [sample] = (await client.queryVector('h')).data
    expect(sample?.value).toBeNaN()
    expect(sample?.timeS).toBe(7)
    expect(sample?.histogram).toEqual({
      count: 10,
      sum: 3.5,
      buckets: [
        { boundaryRule: 0, lower: 0.5, upper: 1, count: 4 },
        { boundaryRule: 0, lower: 1, upper: 2, count: 6 },
      ],
    })
  })

  it('a value that is not a float is a badResponse with its path', async () => {
    const { client } = await serve(ok(vector([{ metric: {}, value: [1, 'abc'] }])))
    const f = await failureOf(client.query('up'))
    expect(f).toMatchObject({ kind: 'badResponse', path: 'data.result[0].value[1]' })
  })

  it('an aborted signal cancels the request', async () => {
    const { client } = await serve(ok(vector([])))
    const ac = new AbortController()
    ac.abort()
    expect(await failureOf(client.query('up', {}, ac.signal))).toMatchObject({ kind: 'cancelled' })
  })
})

describe("Prometheus' error answers (bodies as Prometheus 2.42 sends them)", () => {
  it.each([
    [400, 'bad_data', 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis'],
    [422, 'execution', 'found duplicate series for the match group {svc="x"} on the right hand-side of the operation'],
    [503, 'timeout', 'query timed out in query queue'],
    [499, 'canceled', 'query was canceled'],
  ])('%d %s → backendError with errorType', async (status, errorType, error) => {
    const { client } = await serve((_req, res) => sendJson(res, status, { status: 'error', errorType, error }))
    const f = await failureOf(client.query('foo('))
    expect(f).toEqual({ kind: 'backendError', backend: 'prometheus', status, errorType, message: error })
  })
})

describe('range queries', () => {
  it('sends an aligned start/end and a step from chooseStep, returns the matrix and the range', async () => {
    const { client, requests } = await serve(
      ok({ resultType: 'matrix', result: [{ metric: { s: 'a' }, values: [[1699999995, '1'], [1700000010, 'NaN']] }] }),
    )
    const r = await client.queryRange('up', { startS: 1_700_000_007, endS: 1_700_003_607 })
    expect(path(requests[0])).toBe('/api/v1/query_range')
    expect(Object.fromEntries(params(requests[0]))).toEqual({ query: 'up', start: '1699999995', end: '1700003595', step: '15' })
    expect(r).toMatchObject({ startS: 1699999995, endS: 1700003595, stepS: 15, partial: false })
    expect(r.data[0]?.labels).toEqual({ s: 'a' })
    expect(r.data[0]?.points[0]).toEqual([1699999995, 1])
    expect(r.data[0]?.points[1]?.[1]).toBeNaN()
  })

  it('keeps native histogram points of a matrix', async () => {
    const { client } = await serve(
      ok({ resultType: 'matrix', result: [{ metric: {}, histograms: [[10, { count: '1', sum: '1' }]] }] }),
    )
    const r = await client.queryRange('h', { startS: 0, endS: 60 })
    expect(r.data[0]).toEqual({ labels: {}, points: [], histogramPoints: [[10, { count: 1, sum: 1, buckets: [] }]] })
  })

  it('a vector from query_range is a badResponse', async () => {
    const { client } = await serve(ok(vector([])))
    expect(await failureOf(client.queryRange('up', { startS: 0, endS: 60 }))).toMatchObject({ kind: 'badResponse' })
  })
})

describe('metadata endpoints', () => {
  it('label values: the name goes through pathSegment, match[] repeated, GET even when long', async () => {
    const { client, requests } = await serve(ok(['a', 'b']))
    const long = `{__name__=~"${'x|'.repeat(900)}y"}`
    const r = await client.labelValues('weird/../name', { match: ['up', long], startS: 1, endS: 2 })
    expect(r.data).toEqual(['a', 'b'])
    expect(requests[0]?.method).toBe('GET')
    expect(requests[0]?.url.startsWith('/api/v1/label/weird%2F..%2Fname/values?')).toBe(true)
    expect(params(requests[0]).getAll('match[]')).toEqual(['up', long])
  })

  it('labels, and null data read as an empty list', async () => {
    const { client, requests } = await serve(ok(null))
    expect((await client.labels()).data).toEqual([])
    expect(path(requests[0])).toBe('/api/v1/labels')
  })

  it('series: repeated match[], POST when the selectors are long', async () => {
    const { client, requests } = await serve(ok([{ __name__: 'up', job: 'x' }]))
    expect((await client.series(['up', 'process_start_time_seconds{job="x"}'])).data).toEqual([{ __name__: 'up', job: 'x' }])
    expect(params(requests[0]).getAll('match[]')).toEqual(['up', 'process_start_time_seconds{job="x"}'])
    expect(requests[0]?.method).toBe('GET')
    await client.series(Array.from({ length: 100 }, (_, i) => `metric_number_${i}{job="some-job"}`))
    expect(requests[1]?.method).toBe('POST')
    expect(params(requests[1]).getAll('match[]')).toHaveLength(100)
    await expect(client.series([])).rejects.toThrow(/match/)
  })
})

describe('alerts, rules, exemplars, buildinfo', () => {
  // Captured from Prometheus 2.42.0+ds (Debian) with a rule file of one firing and one pending alert.
  const firing = {
    labels: { alertname: 'AlwaysFiring', severity: 'page' },
    annotations: { summary: 'always' },
    state: 'firing',
    activeAt: '2026-11-22T05:17:47.385084386Z',
    value: '1e+00',
  }
  const rulesPayload = {
    groups: [
      {
        name: 'tb',
        file: 'rules.yml',
        rules: [
          { state: 'firing', name: 'AlwaysFiring', query: 'vector(1)', duration: 0, keepFiringFor: 0, labels: { severity: 'page' }, annotations: { summary: 'always' }, alerts: [firing], health: 'ok', evaluationTime: 0.00045, lastEvaluation: '2026-11-22T05:17:47.386041462Z', type: 'alerting' },
          { name: 'tb:one', query: 'vector(1)', health: 'ok', evaluationTime: 0.000138156, lastEvaluation: '2026-11-22T05:17:47.386517813Z', type: 'recording' },
        ],
        interval: 1,
        limit: 0,
        evaluationTime: 0.000644822,
        lastEvaluation: '2026-11-22T05:17:47.38601308Z',
      },
    ],
  }

  it('alerts: value parsed, activeAt as Unix seconds', async () => {
    const { client, requests } = await serve(ok({ alerts: [firing, { ...firing, state: 'pending', activeAt: '0001-01-01T00:00:00Z' }] }))
    const [a, b] = (await client.alerts()).data
    expect(path(requests[0])).toBe('/api/v1/alerts')
    expect(a).toEqual({
      labels: { alertname: 'AlwaysFiring', severity: 'page' },
      annotations: { summary: 'always' },
      state: 'firing',
      activeAtS: Date.parse('2026-11-22T05:17:47.385Z') / 1000,
      value: 1,
    })
    expect(b?.activeAtS).toBeUndefined()
  })

  it('rules: alerting and recording rules, type filter passed on', async () => {
    const { client, requests } = await serve(ok(rulesPayload))
    const [group] = (await client.rules({ type: 'alert' })).data
    expect(params(requests[0]).get('type')).toBe('alert')
    expect(group).toMatchObject({ name: 'tb', file: 'rules.yml', intervalS: 1 })
    expect(group?.rules[0]).toMatchObject({ type: 'alerting', name: 'AlwaysFiring', forS: 0, state: 'firing', health: 'ok', lastError: undefined })
    expect(group?.rules[1]).toEqual({ type: 'recording', name: 'tb:one', query: 'vector(1)', labels: {}, health: 'ok', lastError: undefined })
  })

  it('exemplars: trace ids from trace_id / traceID, normalised; non-hex ids dropped', async () => {
    const { client, requests } = await serve(
      ok([
        {
          seriesLabels: { __name__: 'lat_bucket', service: 'a' },
          exemplars: [
            { labels: { trace_id: '00000000000000004BF92F3577B34DA6' }, value: '6', timestamp: 1600096945.479 },
            { labels: { traceID: 'EpTxMJ40fUus7aGY' }, value: '+Inf', timestamp: 1600096955 },
          ],
        },
      ]),
    )
    const [series] = (await client.exemplars('lat_bucket', { startS: 1, endS: 2 })).data
    expect(Object.fromEntries(params(requests[0]))).toEqual({ query: 'lat_bucket', start: '1', end: '2' })
    expect(series?.exemplars.map((e) => e.traceId)).toEqual(['4bf92f3577b34da6', undefined])
    expect(series?.exemplars[0]).toMatchObject({ value: 6, timeS: 1600096945.479 })
  })

  it('buildinfo: version read, extra fields tolerated (VictoriaMetrics sends fewer)', async () => {
    const { client } = await serve(ok({ version: '2.42.0+ds', revision: 'r', branch: 'debian/sid', buildUser: 'u', buildDate: 'd', goVersion: 'go1.19.8' }))
    expect((await client.buildInfo()).data).toEqual({ version: '2.42.0+ds', revision: 'r', branch: 'debian/sid', goVersion: 'go1.19.8' })
    await server?.close()
    const vm = await serve(ok({ version: '2.24.0' }))
    expect((await vm.client.buildInfo()).data.version).toBe('2.24.0')
  })
})
