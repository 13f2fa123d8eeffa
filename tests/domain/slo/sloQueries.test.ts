import { describe, expect, it } from 'vitest'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import type { InstantSample } from '@/domain/metrics/types'
import { ALL_SLO_QUERY_WINDOWS, BURN_WINDOWS } from '@/domain/slo/burnRateAlerts'
import { sloCounts } from '@/domain/slo/sloCounts'
import { availabilitySloQueries, bothScopes, latencySloQueries } from '@/domain/slo/sloQueries'
import { SLI_SUPPORT } from '@/domain/slo/sloSupport'
import { decodeGoString, parseErrors, parseNodes, stringLiterals } from '../promql/lezerPromql'

const windows = ALL_SLO_QUERY_WINDOWS

describe.each(PRESET_IDS)('preset %s', (id) => {
  const preset = RED_PRESETS[id]
  const availability = availabilitySloQueries(preset, { windows })
  const latency = latencySloQueries(preset, [250, 1000], { windows })
  const byOperation = availabilitySloQueries(preset, { windows, operations: ['POST /pay', 'a|b "q"'] })

  it('every query parses with lezer-promql', () => {
    for (const q of [availability.total, availability.errors, latency.total, latency.good, byOperation.total, byOperation.errors]) {
      expect(parseErrors(q)).toEqual([])
    }
  })

  it('one query per figure for every window: sum by (service) (increase(...[w])), tagged slo_window', () => {
    for (const w of windows) {
      expect(availability.total).toContain(`label_replace(sum by (${preset.serviceLabel}) (increase(${preset.requestMetric}`)
      expect(availability.total).toContain(`[${w}])), "slo_window", "${w}", "", "")`)
    }
    expect(availability.total.split(' or ')).toHaveLength(windows.length)
    expect(parseNodes(availability.total).filter((n) => n.name === 'MatrixSelector')).toHaveLength(windows.length)
    expect(availability.total).not.toMatch(/query_range|rate\(/)
  })

  it('errors select the preset error subset, filters always applied', () => {
    const literals = stringLiterals(availability.errors).map(decodeGoString)
    for (const m of preset.errorMatchers) expect(literals).toContain(m.value)
    for (const m of preset.filters) expect(literals).toContain(m.value)
  })

  it('latency: total from the +Inf bucket, good grouped by le over the thresholds in the family unit', () => {
    expect(latency.total).toContain(`increase(${preset.latencyBucketMetric}{`)
    expect(latency.total).toContain('le="+Inf"')
    expect(latency.good).toContain(`sum by (${preset.serviceLabel}, le) (increase(${preset.latencyBucketMetric}{`)
    const le = stringLiterals(latency.good).map(decodeGoString).find((l) => l.includes('|'))
    const rx = new RegExp(`^(?:${le ?? ''})$`)
    const spelled = preset.latencyUnit === 's' ? ['0.25', '1', '1.0'] : ['250', '1000', '1000.0', '250.0']
    for (const s of spelled) expect(rx.test(s), s).toBe(true)
    for (const s of ['0.3', '25', '2500', '+Inf']) expect(rx.test(s), s).toBe(false)
  })

  it('per-operation SLOs group by service and operation and match only their operations (escaped)', () => {
    expect(byOperation.total).toContain(`sum by (${preset.serviceLabel}, ${preset.operationLabel})`)
    expect(stringLiterals(byOperation.total).map(decodeGoString)).toContain('POST /pay|a\\|b "q"')
  })

  it('both SLI kinds are supported (latency with the stated caveat)', () => {
    expect(SLI_SUPPORT[id].availability.supported).toBe(true)
    expect(SLI_SUPPORT[id].latency.supported).toBe(true)
  })
})

describe('sloCounts', () => {
  const preset = RED_PRESETS['otel-http']
  const sample = (labels: Record<string, string>, value: number): InstantSample => ({ labels, value, timeS: 0 })

  it('availability: good = total − errors; errors absent with traffic are 0; absent total is no data', () => {
    const answers = {
      availability: {
        total: [sample({ job: 'checkout', slo_window: '5m' }, 100), sample({ job: 'checkout', slo_window: '30d' }, 1e6), sample({ job: 'other', slo_window: '5m' }, 7)],
        part: [sample({ job: 'checkout', slo_window: '5m' }, 2)],
      },
    }
    const counts = sloCounts(preset, { name: 'a', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' }, answers, windows)
    expect(counts).toEqual({ '5m': { total: 100, good: 98 }, '30d': { total: 1e6, good: 1e6 } })
    expect(counts['1h']).toBeUndefined()
  })

  it('one answer for both scopes: a service-wide SLO does not count the per-operation samples of its service, nor the other way', () => {
    const both = {
      total: [
        sample({ job: 'checkout', slo_window: '5m', slo_scope: 'service' }, 100),
        sample({ job: 'checkout', http_route: '/pay', slo_window: '5m', slo_scope: 'operation' }, 40),
      ],
      part: [
        sample({ job: 'checkout', slo_window: '5m', slo_scope: 'service' }, 3),
        sample({ job: 'checkout', http_route: '/pay', slo_window: '5m', slo_scope: 'operation' }, 2),
      ],
    }
    const answers = { availability: both }
    const base = { service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' } as const
    expect(sloCounts(preset, { ...base, name: 'all' }, answers, windows)).toEqual({ '5m': { total: 100, good: 97 } })
    expect(sloCounts(preset, { ...base, name: 'pay', operation: '/pay' }, answers, windows)).toEqual({ '5m': { total: 40, good: 38 } })
  })

  it('the merged query keeps both scopes apart and parses', () => {
    const preset = RED_PRESETS.spanmetrics
    const merged = bothScopes(availabilitySloQueries(preset, { windows }).total, availabilitySloQueries(preset, { windows, operations: ['GET /'] }).total)
    expect(parseErrors(merged)).toEqual([])
    expect(merged).toContain('"slo_scope", "service", "", "")')
    expect(merged).toContain('"slo_scope", "operation", "", "")')
  })

  it('latency: the bucket whose le equals the threshold, whatever its spelling; no bucket, no figure', () => {
    const answers = {
      latency: {
        total: [sample({ job: 'checkout', slo_window: '5m' }, 100), sample({ job: 'checkout', slo_window: '1h' }, 1000)],
        part: [
          sample({ job: 'checkout', slo_window: '5m', le: '0.25' }, 90),
          sample({ job: 'checkout', slo_window: '5m', le: '0.25' }, 1),
          sample({ job: 'checkout', slo_window: '5m', le: '1' }, 99),
          sample({ job: 'checkout', slo_window: '5m', le: '1.0' }, 1),
        ],
      },
    }
    const slo = { name: 'l', service: 'checkout', kind: 'latency', objectivePercent: 99, window: '7d', thresholdMs: 250 } as const
    expect(sloCounts(preset, slo, answers, BURN_WINDOWS)).toEqual({ '5m': { total: 100, good: 91 } })
    expect(sloCounts(preset, { ...slo, thresholdMs: 1000 }, answers, BURN_WINDOWS)).toEqual({ '5m': { total: 100, good: 100 } })
  })
})
