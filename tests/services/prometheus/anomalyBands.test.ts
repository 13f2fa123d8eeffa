import { describe, expect, it } from 'vitest'
import { fetchChartBands, fetchWeeklyHistory, OVERVIEW_BAND_REQUESTS } from '@/services/prometheus/anomalyBands'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { chartBandQuery, overviewBandQuery } from '@/domain/anomaly/anomalyQueries'
import { sendJson } from '../../support/testServer'
import { usePrometheusTestServer } from '../../support/prometheusTestServer'

const serve = usePrometheusTestServer()

function paramsOf(req: { url: string; body?: string }): URLSearchParams {
  const p = new URLSearchParams(new URL(req.url, 'http://x').search)
  if (req.body) new URLSearchParams(req.body).forEach((v, k) => p.append(k, v))
  return p
}

const preset = RED_PRESETS.spanmetrics

describe('fetchWeeklyHistory', () => {
  it.each([1, 300])('costs %i service(s) exactly OVERVIEW_BAND_REQUESTS = 1 request', async (n) => {
    const services = Array.from({ length: n }, (_, i) => `svc-${i}`)
    const { client, requests } = await serve((req, res) => {
      const q = paramsOf(req).get('query')
      const result = q === overviewBandQuery(preset, { weeks: 4 }) ? services.flatMap((s) => [1, 2, 3, 4].map((w) => ({ metric: { service_name: s, tb_part: `rate_w${w}` }, value: [1, String(w)] }))) : []
      sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result } })
    })
    const r = await fetchWeeklyHistory(client, preset, { timeS: 1_700_000_000 })
    expect(requests).toHaveLength(OVERVIEW_BAND_REQUESTS)
    expect(OVERVIEW_BAND_REQUESTS).toBe(1)
    expect(paramsOf(requests[0] as { url: string; body?: string }).get('time')).toBe('1700000000')
    expect(r.data.size).toBe(n)
    expect(r.data.get('svc-0')?.rate).toEqual([1, 2, 3, 4])
  })

  it('passes Prometheus warnings on (the caller shows no marker then)', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 200, { status: 'success', data: { resultType: 'vector', result: [] }, warnings: ['store eu-1 unreachable'] }))
    const r = await fetchWeeklyHistory(client, preset)
    expect(r).toMatchObject({ partial: true, warnings: ['store eu-1 unreachable'] })
    expect(r.data.size).toBe(0)
  })

  it('an error answer is a typed failure', async () => {
    const { client } = await serve((_req, res) => sendJson(res, 422, { status: 'error', errorType: 'execution', error: 'query too expensive' }))
    await expect(fetchWeeklyHistory(client, preset)).rejects.toMatchObject({ failure: { kind: 'backendError', errorType: 'execution' } })
  })
})

describe('fetchChartBands', () => {
  it('one range query on the charts own grid and window', async () => {
    const grid = { startS: 1_700_000_040, endS: 1_700_003_640, stepS: 15, window: '60s' }
    const { client, requests } = await serve((req, res) => {
      const p = paramsOf(req)
      const start = Number(p.get('start'))
      const values = [0, 1].map((i) => [start + i * 15, '10'])
      const result = p.get('query') === chartBandQuery(preset, { service: 'a' }, '60s', 4) ? [1, 2, 3].map((w) => ({ metric: { tb_part: `rate_w${w}` }, values })) : []
      sendJson(res, 200, { status: 'success', data: { resultType: 'matrix', result } })
    })
    const r = await fetchChartBands(client, preset, { service: 'a' }, grid)
    expect(requests).toHaveLength(1)
    const p = paramsOf(requests[0] as { url: string; body?: string })
    expect([p.get('start'), p.get('end'), p.get('step')]).toEqual([String(grid.startS), String(grid.endS), '15'])
    expect(r.data.rate?.points[0]).toEqual([grid.startS * 1000, 7, 13])
    expect(r.data.rate?.points).toHaveLength(241)
  })
})
