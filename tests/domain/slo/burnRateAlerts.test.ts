import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  BURN_RATE_ALERTS,
  BURN_WINDOWS,
  firingSeverities,
  sloStatus,
  windowsFor,
  type BurnRates,
} from '@/domain/slo/burnRateAlerts'
import { evaluateSlo } from '@/domain/slo/evaluateSlo'

const uniform = (rate: number | undefined): BurnRates => Object.fromEntries(BURN_WINDOWS.map((w) => [w, rate]))

const burnRates = fc.record(
  Object.fromEntries(BURN_WINDOWS.map((w) => [w, fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined })])),
) as fc.Arbitrary<BurnRates>

describe('the SRE workbook alert table', () => {
  it('page 14.4× (1h, 5m) and 6× (6h, 30m); ticket 3× (1d, 2h) and 1× (3d, 6h)', () => {
    expect(BURN_RATE_ALERTS.map((a) => [a.severity, a.longWindow, a.shortWindow, a.factor])).toEqual([
      ['page', '1h', '5m', 14.4],
      ['page', '6h', '30m', 6],
      ['ticket', '1d', '2h', 3],
      ['ticket', '3d', '6h', 1],
    ])
  })

  it('both windows must exceed the factor (strictly)', () => {
    expect(firingSeverities({ ...uniform(0), '1h': 20, '5m': 20 }).page).toBe(true)
    expect(firingSeverities({ ...uniform(0), '1h': 20, '5m': 1 }).page).toBe(false)
    expect(firingSeverities({ ...uniform(0), '1h': 1, '5m': 20 }).page).toBe(false)
    expect(firingSeverities({ ...uniform(0), '1h': 14.4, '5m': 14.4 }).page).toBe(false)
    expect(firingSeverities({ ...uniform(0), '6h': 7, '30m': 7 })).toEqual({ page: true, ticket: false })
    expect(firingSeverities({ ...uniform(0), '1d': 4, '2h': 4 })).toEqual({ page: false, ticket: true })
    expect(firingSeverities({ ...uniform(0), '3d': 1.5, '6h': 1.5 })).toEqual({ page: false, ticket: true })
    expect(firingSeverities(uniform(1))).toEqual({ page: false, ticket: false })
  })

  it('a window without requests cannot fire', () => {
    expect(firingSeverities({ ...uniform(100), '5m': undefined })).toEqual({ page: true, ticket: true })
    expect(firingSeverities({ ...uniform(100), '5m': undefined, '30m': undefined })).toEqual({ page: false, ticket: true })
    expect(firingSeverities(uniform(undefined))).toEqual({ page: false, ticket: false })
  })
})

describe('sloStatus', () => {
  it('no data over the SLO window is nodata, whatever the burn rates', () => {
    expect(sloStatus({ budgetRemaining: undefined, burnRates: uniform(0) })).toBe('nodata')
    expect(sloStatus({ budgetRemaining: NaN, burnRates: uniform(0) })).toBe('nodata')
  })

  it('exhausted, then burning fast, burning slow, ok', () => {
    expect(sloStatus({ budgetRemaining: 0, burnRates: uniform(0) })).toBe('exhausted')
    expect(sloStatus({ budgetRemaining: -3, burnRates: uniform(50) })).toBe('exhausted')
    expect(sloStatus({ budgetRemaining: 0.5, burnRates: uniform(50) })).toBe('burning-fast')
    expect(sloStatus({ budgetRemaining: 0.5, burnRates: uniform(4) })).toBe('burning-slow')
    expect(sloStatus({ budgetRemaining: 0.5, burnRates: uniform(0.9) })).toBe('ok')
  })

  const severity = { nodata: -1, ok: 0, 'burning-slow': 1, 'burning-fast': 2, exhausted: 3 } as const

  it('property: burning faster never makes the status less severe', () => {
    fc.assert(
      fc.property(burnRates, fc.double({ min: -2, max: 1, noNaN: true }), fc.double({ min: 1, max: 10, noNaN: true }), (burn, remaining, k) => {
        const faster = Object.fromEntries(Object.entries(burn).map(([w, r]) => [w, r === undefined ? undefined : r * k])) as BurnRates
        expect(severity[sloStatus({ budgetRemaining: remaining, burnRates: faster })]).toBeGreaterThanOrEqual(
          severity[sloStatus({ budgetRemaining: remaining, burnRates: burn })],
        )
      }),
    )
  })

  it('property: every burn rate ≤ 1 with budget left is ok; status ok ⇒ no alert fires', () => {
    fc.assert(
      fc.property(burnRates, fc.double({ min: 1e-9, max: 1, noNaN: true }), (burn, remaining) => {
        const capped = Object.fromEntries(Object.entries(burn).map(([w, r]) => [w, r === undefined ? undefined : Math.min(r, 1)])) as BurnRates
        expect(sloStatus({ budgetRemaining: remaining, burnRates: capped })).toBe('ok')
        if (sloStatus({ budgetRemaining: remaining, burnRates: burn }) === 'ok') {
          expect(firingSeverities(burn)).toEqual({ page: false, ticket: false })
        }
      }),
    )
  })
})

describe('evaluateSlo', () => {
  const availability = { name: 'checkout-availability', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' } as const

  it('hand-computed figures for a fast burn on top of a quiet month', () => {
    const e = evaluateSlo(availability, {
      '30d': { good: 999_800, total: 1_000_000 },
      '5m': { good: 98, total: 100 },
      '30m': { good: 590, total: 600 },
      '1h': { good: 1176, total: 1200 },
      '2h': { good: 2376, total: 2400 },
      '6h': { good: 7176, total: 7200 },
      '1d': { good: 28776, total: 28800 },
      '3d': { good: 86376, total: 86400 },
    })
    expect(e.sli).toBeCloseTo(0.9998, 15)
    expect(e.objective).toBe(0.999)
    expect(e.budgetRemaining).toBeCloseTo(0.8, 12)
    expect(e.outageMinutes?.budget).toBeCloseTo(43.2, 12)
    expect(e.outageMinutes?.remaining).toBeCloseTo(34.56, 10)
    expect(e.burnRates['5m']).toBeCloseTo(20, 10)
    expect(e.burnRates['1h']).toBeCloseTo(20, 10)
    expect(e.burnRates['6h']).toBeCloseTo(24 / 7.2, 10)
    expect(e.firing).toEqual({ page: true, ticket: false })
    expect(e.status).toBe('burning-fast')
  })

  it('no requests at all: nodata, no SLI, no budget figure', () => {
    const e = evaluateSlo(availability, { '30d': { good: 0, total: 0 } })
    expect(e.sli).toBeUndefined()
    expect(e.budgetRemaining).toBeUndefined()
    expect(e.outageMinutes?.remaining).toBeUndefined()
    expect(e.status).toBe('nodata')
  })

  it('latency SLOs have no outage minutes', () => {
    const e = evaluateSlo({ ...availability, kind: 'latency', thresholdMs: 300 }, { '30d': { good: 10, total: 10 } })
    expect(e.outageMinutes).toBeUndefined()
    expect(e.status).toBe('ok')
  })

  it('windowsFor: the burn windows then each SLO window once', () => {
    expect(windowsFor(['30d', '7d', '30d'])).toEqual([...BURN_WINDOWS, '7d', '30d'])
  })
})
