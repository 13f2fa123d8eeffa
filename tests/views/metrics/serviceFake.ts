/**
 * A fake Prometheus for the service page: answers each panel's query by what it asks for
 * (tags, grouping, quantile), so tests can fail one panel and keep the others.
 */
import { matrix, ok, vector, type FakeReply, type Responder } from '../../support/metricsHarness'

export const TRACE_ID = '0af7651916cd43dd8448eb211c80319c'

export function servicePageResponder(overrides: Partial<Record<'charts' | 'operations' | 'breakdown' | 'statusMix' | 'labels' | 'exemplars', () => FakeReply>> = {}): Responder {
  return (req) => {
    const q = req.params.get('query') ?? ''
    const start = Number(req.params.get('start'))
    const step = Number(req.params.get('step'))
    switch (req.path) {
      case '/api/v1/query_range': {
        if (overrides.charts) return overrides.charts()
        const tags = [...q.matchAll(/"tb_part", "([a-z0-9_]+)"/g)].map((m) => m[1] ?? '')
        return matrix(tags.map((tag, i) => ({ metric: { tb_part: tag }, values: [[start, i + 1], [start + step, i + 2]] })))
      }
      case '/api/v1/labels':
        return overrides.labels?.() ?? ok(['__name__', 'service_name', 'span_name', 'span_kind', 'status_code', 'tenant'])
      case '/api/v1/query_exemplars':
        return overrides.exemplars?.() ?? ok([{ seriesLabels: { le: '500' }, exemplars: [{ labels: { trace_id: TRACE_ID }, value: '412', timestamp: 1_700_000_000.5 }] }])
      case '/api/v1/query': {
        if (q.includes('"calls"')) {
          if (overrides.statusMix && q.includes('by (http_response_status_code')) return overrides.statusMix()
          if (overrides.breakdown) return overrides.breakdown()
          // The status mix groups by every status label at once; answer with the last (span status).
          const by = /sum by \(([a-z_, ]+)\)/.exec(q)?.[1]?.split(', ').at(-1) ?? 'x'
          const values = by === 'tenant' ? ['acme', 'globex'] : ['STATUS_CODE_UNSET', 'STATUS_CODE_ERROR']
          return vector([
            { metric: { tb_part: 'calls', [by]: values[0] ?? '' }, value: 9 },
            { metric: { tb_part: 'calls', [by]: values[1] ?? '' }, value: 1 },
            { metric: { tb_part: 'errors', [by]: values[1] ?? '' }, value: 1 },
          ])
        }
        if (q.includes('by (span_name')) {
          if (overrides.operations) return overrides.operations()
          const ops = { 'GET /cart': 1, 'POST /pay': 2 }
          const quantile = /histogram_quantile\(([0-9.]+),/.exec(q)?.[1]
          const figure = quantile ? Number(quantile) * 1000 : q.includes(') / (') ? 0.01 : 5
          return vector(Object.entries(ops).map(([op, k]) => ({ metric: { span_name: op }, value: figure * k })))
        }
        return { status: 400, body: { status: 'error', errorType: 'bad_data', error: `unexpected ${q}` } }
      }
    }
    return { status: 404, body: 'not found' }
  }
}
