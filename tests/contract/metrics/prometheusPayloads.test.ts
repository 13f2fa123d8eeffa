/**
 * Real payloads through the client's schemas: Jaeger's Prometheus metricstore test data
 * (shared/contracts/metrics/*.json) and the JSON examples of Prometheus' own API docs
 * (shared/contracts/specs/prometheus-http-api.md, read from the file, not copied).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createPrometheusClient } from '@/services/prometheus/prometheusClient'
import {
  alertsDataSchema,
  buildInfoSchema,
  envelopeSchema,
  exemplarsDataSchema,
  queryDataSchema,
  rulesDataSchema,
  seriesListSchema,
  stringListSchema,
} from '@/services/prometheus/schemas'
import { readContract, readContractText } from '../../support/contracts'
import { sendJson, startTestServer, type TestServer } from '../../support/testServer'

/** The `nth` ```json block after a Markdown heading of the API docs (format placeholders come first). */
function docExample(heading: string, nth = 0): unknown {
  const md = readContractText('specs/prometheus-http-api.md')
  const start = md.indexOf(`\n${heading}\n`)
  if (start < 0) throw new Error(`heading not found: ${heading}`)
  const blocks = [...md.slice(start).matchAll(/```json\n([\s\S]*?)```/g)]
  const block = blocks[nth]?.[1]
  if (block === undefined) throw new Error(`no json example after ${heading}`)
  return JSON.parse(block) as unknown
}

describe('Jaeger metricstore test data (shared/contracts/metrics)', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  it.each([
    ['query_range-service.json', { service_name: 'emailservice' }],
    ['query_range-service-span.json', { service_name: 'emailservice', span_name: '/OrderResult' }],
  ])('%s parses into a RangeMatrix', async (file, labels) => {
    const payload = readContract(`metrics/${file}`)
    server = await startTestServer((_req, res) => sendJson(res, 200, payload))
    const client = createPrometheusClient(createHttpClient({ backend: 'prometheus', baseURL: server.url }))
    const r = await client.queryRange('x', { startS: 1620351786 - 60, endS: 1620351786 })
    expect(r.data).toEqual([{ labels, points: [[1620351786, 9223372036854]] }])
    expect(r.partial).toBe(false)
  })

  it('empty.json is an empty matrix', () => {
    const r = envelopeSchema(queryDataSchema).parse(readContract('metrics/empty.json'))
    expect(r.data).toEqual({ resultType: 'matrix', matrix: [] })
  })
})

describe('Prometheus API doc examples (shared/contracts/specs/prometheus-http-api.md)', () => {
  it('instant query: vector with labels and timestamps', () => {
    const r = envelopeSchema(queryDataSchema).parse(docExample('### Instant queries', 1))
    expect(r.data.resultType).toBe('vector')
    if (r.data.resultType !== 'vector') return
    expect(r.data.vector.map((s) => [s.labels.job, s.value, s.timeS])).toEqual([
      ['prometheus', 1, 1435781451.781],
      ['node', 0, 1435781451.781],
    ])
  })

  it('range query: matrix', () => {
    const r = envelopeSchema(queryDataSchema).parse(docExample('### Range queries', 1))
    expect(r.data.resultType).toBe('matrix')
    if (r.data.resultType !== 'matrix') return
    expect(r.data.matrix[1]?.points).toEqual([
      [1435781430.781, 0],
      [1435781445.781, 0],
      [1435781460.781, 1],
    ])
  })

  it('series, labels, label values', () => {
    expect(envelopeSchema(seriesListSchema).parse(docExample('### Finding series by label matchers')).data).toHaveLength(3)
    expect(envelopeSchema(stringListSchema).parse(docExample('### Getting label names')).data).toContain('__name__')
    expect(envelopeSchema(stringListSchema).parse(docExample('### Querying label values')).data).toEqual(['200', '504'])
  })

  it('exemplars: non-hex trace ids are kept in labels, not as trace ids', () => {
    const r = envelopeSchema(exemplarsDataSchema).parse(docExample('## Querying exemplars'))
    expect(r.data.map((s) => s.exemplars.length)).toEqual([1, 2])
    expect(r.data[0]?.exemplars[0]).toEqual({ labels: { trace_id: 'EpTxMJ40fUus7aGY' }, value: 6, timeS: 1600096945.479, traceId: undefined })
  })

  it('rules and alerts', () => {
    const rules = envelopeSchema(rulesDataSchema).parse(docExample('## Rules'))
    const [alerting, recording] = rules.data[0]?.rules ?? []
    expect(alerting).toMatchObject({ type: 'alerting', name: 'HighRequestLatency', forS: 600 })
    expect(alerting?.type === 'alerting' && alerting.alerts[0]?.value).toBe(1)
    expect(recording).toMatchObject({ type: 'recording', name: 'job:http_inprogress_requests:sum' })
    const alerts = envelopeSchema(alertsDataSchema).parse(docExample('## Alerts'))
    expect(alerts.data).toEqual([
      { labels: { alertname: 'my-alert' }, annotations: {}, state: 'firing', activeAtS: Date.parse('2018-07-04T20:27:12.606+02:00') / 1000, value: 1 },
    ])
  })

  it('buildinfo', () => {
    expect(envelopeSchema(buildInfoSchema).parse(docExample('### Build Information')).data.version).toBe('2.13.1')
  })
})
