import { describe, expect, it } from 'vitest'
import { customisePreset, PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import { breakdownQuery, operationRedQueries, RED_FIGURES, serviceRedQueries } from '@/domain/metrics/redQueries'
import { decodeGoString, parseErrors, parseNodes, stringLiterals } from '../promql/lezerPromql'

const HOSTILE = ['pay.ments+ "β" \\d', 'a|b', '결제\u200f', 'line\nbreak']

describe.each(PRESET_IDS)('preset %s', (id) => {
  const preset = RED_PRESETS[id]
  const variants = {
    'all services': serviceRedQueries(preset),
    'filtered to hostile names': serviceRedQueries(preset, { services: HOSTILE, window: '10m' }),
    'operations of one hostile service': operationRedQueries(preset, HOSTILE[0] ?? '', { window: '1h' }),
  }

  describe.each(Object.entries(variants))('%s', (_variant, queries) => {
    it.each(RED_FIGURES)('%s parses with lezer-promql', (figure) => {
      expect(parseErrors(queries[figure])).toEqual([])
    })
  })

  it('groups every figure by the service label, one query each', () => {
    const q = serviceRedQueries(preset)
    expect(q.rate).toContain(`sum by (${preset.serviceLabel}) (rate(${preset.requestMetric}`)
    for (const f of ['p50', 'p95', 'p99'] as const) {
      expect(q[f]).toContain(`sum by (${preset.serviceLabel}, le) (rate(${preset.latencyBucketMetric}`)
    }
  })

  it('error ratio: (errors or all * 0) / all, so traffic without errors is 0', () => {
    const q = serviceRedQueries(preset).errorRatio
    const names = parseNodes(q).map((n) => n.name)
    expect(names).toContain('Or')
    expect(q).toMatch(/\) or \(\(sum by .*\) \* \(0\)\)\) \/ \(sum by/)
  })

  it('latency in milliseconds whatever the histogram unit', () => {
    const q = serviceRedQueries(preset).p95
    expect(q.startsWith('(histogram_quantile(0.95,')).toBe(preset.latencyUnit === 's')
    expect(q.endsWith('* (1000)')).toBe(preset.latencyUnit === 's')
    if (preset.latencyUnit === 'ms') expect(q.startsWith('histogram_quantile(0.95,')).toBe(true)
  })

  it('the service filter is one regex of escaped literals', () => {
    const q = serviceRedQueries(preset, { services: HOSTILE }).rate
    const values = stringLiterals(q).map(decodeGoString)
    expect(values).toContain('pay\\.ments\\+ "β" \\\\d|a\\|b|결제\u200f|line\nbreak')
  })

  it('per-operation queries group by the operation label and match one service exactly', () => {
    const q = operationRedQueries(preset, 'we"ird').rate
    expect(q).toContain(`sum by (${preset.operationLabel})`)
    expect(stringLiterals(q).map(decodeGoString)).toContain('we"ird')
  })

  it('breakdown queries parse, for one service and for all', () => {
    for (const label of preset.breakdownLabels) {
      const one = breakdownQuery(preset, label, { service: HOSTILE[0] ?? '' })
      const all = breakdownQuery(preset, label, { services: HOSTILE })
      expect(parseErrors(one)).toEqual([])
      expect(parseErrors(all)).toEqual([])
      expect(one).toContain(`sum by (${label})`)
      expect(all).toContain(`sum by (${preset.serviceLabel}, ${label})`)
    }
  })
})

describe('RED query options', () => {
  it('spanmetrics counts SERVER spans only', () => {
    expect(serviceRedQueries(RED_PRESETS.spanmetrics).rate).toContain('span_kind="SPAN_KIND_SERVER"')
    expect(serviceRedQueries(RED_PRESETS['otel-http']).rate).not.toContain('span_kind')
  })

  it('default window is 5m; an invalid window is refused', () => {
    expect(serviceRedQueries(RED_PRESETS.tempo).rate).toContain('[5m]')
    expect(() => serviceRedQueries(RED_PRESETS.tempo, { window: '5 minutes' })).toThrow(/duration/)
    expect(() => breakdownQuery(RED_PRESETS.tempo, undefined, { window: '0s' })).toThrow(/duration/)
  })

  it('an empty services list means every service', () => {
    expect(serviceRedQueries(RED_PRESETS.spanmetrics, { services: [] })).toEqual(serviceRedQueries(RED_PRESETS.spanmetrics))
  })

  it('a breakdown label that is not a label name is refused', () => {
    expect(() => breakdownQuery(RED_PRESETS['otel-http'], 'http.status')).toThrow(/label name/)
  })

  it('an overridden service label is used everywhere', () => {
    const preset = customisePreset('otel-http', { serviceLabel: 'service_name' })
    const q = serviceRedQueries(preset, { services: ['a'] })
    for (const f of RED_FIGURES) expect(q[f]).not.toContain('job')
    expect(q.rate).toContain('service_name=~"a"')
  })
})
