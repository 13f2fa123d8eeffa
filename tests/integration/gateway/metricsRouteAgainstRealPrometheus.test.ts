import axios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createPrometheusClient } from '@/services/prometheus/prometheusClient'
import { requireBinary } from '../../support/prereq'
import { startPrometheus, type RunningPrometheus } from '../../support/prometheus'
import { configFor, rawRequest, SECRETS, startGateway, tokenFor, type RunningGateway } from '../../gateway/gatewayHarness'
import { startRecordingProxy, type RecordingProxy } from './recordingProxy'

const available = requireBinary('/usr/bin/prometheus', 'prometheus') && requireBinary('/usr/bin/promtool', 'prometheus')

const RULES = `groups:
  - name: gateway-test
    rules:
      - alert: AlwaysFiring
        expr: vector(1) > 0
`

describe.skipIf(!available)('the metrics route in front of a real Prometheus', () => {
  let prom: RunningPrometheus
  let recorder: RecordingProxy
  let gateway: RunningGateway
  let token: string

  beforeAll(async () => {
    // Admin API and lifecycle endpoints switched ON: if the gateway let them through, they would work.
    prom = await startPrometheus({ rules: RULES, extraArgs: ['--web.enable-admin-api', '--web.enable-lifecycle'] })
    recorder = await startRecordingProxy(prom.url)
    gateway = await startGateway(configFor({ metrics: recorder.url }))
    token = await tokenFor('alice', ['metrics:read'])
  })

  afterAll(async () => {
    await gateway?.close()
    await recorder?.close()
    await prom?.stop()
  })

  function send(method: string, path: string, body?: string): ReturnType<typeof rawRequest> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, cookie: 'host_session=abc' }
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded'
    return rawRequest(gateway.url, { method, path: `/api/metrics${path}`, headers, body })
  }

  it('answers an instant query from Prometheus itself, with the server-side credential and no browser cookie', async () => {
    const r = await send('GET', '/api/v1/query?query=vector(1)')
    expect(r.status).toBe(200)
    expect(r.json()).toMatchObject({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [expect.any(Number), '1'] }] } })
    expect(r.headers['content-security-policy']).toMatch(/^sandbox/)
    const seen = recorder.seen.at(-1)
    expect(seen?.url).toBe('/api/v1/query?query=vector(1)')
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')}`)
    expect(seen?.headers.cookie).toBeUndefined()
  })

  it.each([
    ['GET', '/api/v1/query_range?query=vector(1)&start=1700000000&end=1700000060&step=15', undefined],
    ['POST', '/api/v1/query_range', 'query=vector(1)&start=1700000000&end=1700000060&step=15'],
    ['POST', '/api/v1/query', 'query=vector(2)'],
    ['GET', '/api/v1/labels', undefined],
    ['GET', '/api/v1/label/__name__/values', undefined],
    ['GET', '/api/v1/series?match%5B%5D=up', undefined],
    ['GET', '/api/v1/alerts', undefined],
    ['GET', '/api/v1/rules', undefined],
    ['GET', '/api/v1/query_exemplars?query=up&start=1700000000&end=1700000060', undefined],
    ['GET', '/api/v1/status/buildinfo', undefined],
  ])('lets %s %s through to Prometheus', async (method, path, body) => {
    const r = await send(method, path, body)
    expect(r.status).toBe(200)
    expect(r.json()).toMatchObject({ status: 'success' })
    expect(recorder.seen.at(-1)?.url.split('?')[0]).toBe(path.split('?')[0])
  })

  it.each([
    ['POST', '/api/v1/admin/tsdb/snapshot'],
    ['POST', '/api/v1/admin/tsdb/delete_series?match%5B%5D=up'],
    ['POST', '/api/v1/admin/tsdb/clean_tombstones'],
    ['POST', '/-/quit'],
    ['POST', '/-/reload'],
    ['GET', '/api/v1/status/config'],
    ['GET', '/api/v1/status/flags'],
    ['GET', '/api/v1/targets'],
    ['POST', '/api/v1/write'],
    ['GET', '/federate?match%5B%5D=up'],
    ['POST', '/api/v1/../admin/tsdb/snapshot'],
    ['POST', '/api/v1/%2e%2e/admin/tsdb/snapshot'],
    ['POST', '/api%2fv1%2fadmin%2ftsdb%2fsnapshot'],
    ['POST', '/api/v1/%252e%252e/admin/tsdb/snapshot'],
    ['GET', '/api/v1/alerts/..%5c..%5c-%5cquit'],
  ])('refuses %s %s and Prometheus never sees it', async (method, path) => {
    const before = recorder.seen.length
    const r = await send(method, path, method === 'POST' ? '' : undefined)
    expect([400, 403]).toContain(r.status)
    expect(r.json()).toMatchObject({ error: { type: expect.stringMatching(/^(bad_path|forbidden_path|forbidden_method)$/) } })
    expect(recorder.seen.length).toBe(before)
  })

  it('Prometheus is still up and really serves those endpoints when asked directly (the refusals were the gateway’s)', async () => {
    expect((await fetch(`${prom.url}/-/ready`)).status).toBe(200)
    expect((await fetch(`${prom.url}/api/v1/status/config`)).status).toBe(200)
  })

  it("the app's own Prometheus client works through the gateway's same-origin URL", async () => {
    const instance = axios.create({ headers: { Authorization: `Bearer ${token}` } })
    const client = createPrometheusClient(createHttpClient({ backend: 'prometheus', baseURL: `${gateway.url}/api/metrics`, instance, retry: { retries: 0 } }))
    const build = await client.buildInfo()
    expect(build.data.version).toMatch(/^\d+\.\d+/)
    const labels = await client.labelValues('__name__')
    expect(Array.isArray(labels.data)).toBe(true)
  })
})
