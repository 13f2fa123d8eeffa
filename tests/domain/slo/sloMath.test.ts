import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  budgetMinutes,
  budgetRemaining,
  burnRate,
  errorBudget,
  errorRatio,
  remainingOutageMinutes,
  sli,
} from '@/domain/slo/sloMath'

const objective = fc.double({ min: 0.001, max: 99.999, noNaN: true })
const counts = fc
  .tuple(fc.double({ min: 1e-3, max: 1e12, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([total, goodShare]) => ({ total, good: total * goodShare }))

describe('errorBudget', () => {
  it('is 1 − objective, without binary noise for objectives as written', () => {
    expect(errorBudget(99.9)).toBe(0.001)
    expect(errorBudget(99.99)).toBe(0.0001)
    expect(errorBudget(99.95)).toBe(0.0005)
    expect(errorBudget(95)).toBe(0.05)
  })

  it('refuses objectives outside (0, 100)', () => {
    for (const bad of [0, 100, -1, 101, NaN]) expect(() => errorBudget(bad)).toThrow(/above 0 and below 100/)
  })

  it('property: within 1e-12 of (100 − objective) / 100 and strictly inside (0, 1)', () => {
    fc.assert(
      fc.property(objective, (o) => {
        const b = errorBudget(o)
        expect(b).toBeGreaterThan(0)
        expect(b).toBeLessThan(1)
        expect(Math.abs(b - (100 - o) / 100)).toBeLessThanOrEqual(1e-12)
      }),
    )
  })
})

describe('sli and errorRatio', () => {
  it('no requests is no data, never 100 %', () => {
    expect(sli(undefined)).toBeUndefined()
    expect(sli({ good: 0, total: 0 })).toBeUndefined()
    expect(sli({ good: NaN, total: 10 })).toBeUndefined()
    expect(sli({ good: 5, total: NaN })).toBeUndefined()
    expect(errorRatio({ good: 0, total: 0 })).toBeUndefined()
  })

  it('good / total, clamped when extrapolation makes good exceed total or go below 0', () => {
    expect(sli({ good: 999, total: 1000 })).toBe(0.999)
    expect(errorRatio({ good: 999, total: 1000 })).toBeCloseTo(0.001, 15)
    expect(sli({ good: 1000.02, total: 1000 })).toBe(1)
    expect(errorRatio({ good: 1000.02, total: 1000 })).toBe(0)
    expect(sli({ good: -0.01, total: 1000 })).toBe(0)
  })

  it('property: sli in [0, 1] and sli + errorRatio = 1', () => {
    fc.assert(
      fc.property(counts, (c) => {
        const s = sli(c) ?? NaN
        const e = errorRatio(c) ?? NaN
        expect(s).toBeGreaterThanOrEqual(0)
        expect(s).toBeLessThanOrEqual(1)
        expect(Math.abs(s + e - 1)).toBeLessThanOrEqual(1e-12)
      }),
    )
  })
})

describe('burnRate and budgetRemaining', () => {
  it('hand-computed: 99.9 %, 2 % errors burn 20× and overspend the budget 19 times', () => {
    expect(burnRate(0.02, 99.9)).toBeCloseTo(20, 12)
    expect(budgetRemaining({ good: 980, total: 1000 }, 99.9)).toBeCloseTo(-19, 12)
    expect(budgetRemaining({ good: 9995, total: 10000 }, 99.9)).toBeCloseTo(0.5, 12)
    expect(budgetRemaining({ good: 10, total: 10 }, 99.9)).toBe(1)
  })

  it('no data stays no data', () => {
    expect(burnRate(undefined, 99.9)).toBeUndefined()
    expect(burnRate(NaN, 99.9)).toBeUndefined()
    expect(budgetRemaining(undefined, 99.9)).toBeUndefined()
    expect(budgetRemaining({ good: 0, total: 0 }, 99.9)).toBeUndefined()
  })

  it('property: burn × budget = error ratio; remaining = 1 − burn; all good leaves it whole', () => {
    fc.assert(
      fc.property(counts, objective, (c, o) => {
        const e = errorRatio(c) ?? NaN
        const burn = burnRate(e, o) ?? NaN
        expect(Math.abs(burn * errorBudget(o) - e)).toBeLessThanOrEqual(1e-12 * Math.max(1, e))
        expect(budgetRemaining(c, o)).toBe(1 - burn)
        expect(budgetRemaining({ good: c.total, total: c.total }, o)).toBe(1)
      }),
    )
  })

  it('property: the SLI equal to the objective leaves (about) nothing', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e9, noNaN: true }), objective, (total, o) => {
        const good = total * (1 - errorBudget(o))
        expect(Math.abs(budgetRemaining({ good, total }, o) ?? NaN)).toBeLessThanOrEqual(1e-6)
      }),
    )
  })

  it('property: more good requests never leave less budget', () => {
    fc.assert(
      fc.property(counts, fc.double({ min: 0, max: 1, noNaN: true }), objective, (c, more, o) => {
        const better = { total: c.total, good: c.good + (c.total - c.good) * more }
        expect(budgetRemaining(better, o) ?? NaN).toBeGreaterThanOrEqual((budgetRemaining(c, o) ?? NaN) - 1e-9)
      }),
    )
  })
})

describe('budget as minutes of full outage', () => {
  it('hand-computed: 99.9 % over 30 d is 43.2 min, over 28 d 40.32, over 7 d 10.08', () => {
    expect(budgetMinutes(99.9, '30d')).toBeCloseTo(43.2, 12)
    expect(budgetMinutes(99.9, '28d')).toBeCloseTo(40.32, 12)
    expect(budgetMinutes(99.9, '7d')).toBeCloseTo(10.08, 12)
    expect(budgetMinutes(99, '30d')).toBeCloseTo(432, 10)
  })

  it('what is left: half the budget spent leaves half the minutes; no data leaves no figure', () => {
    expect(remainingOutageMinutes({ good: 9995, total: 10000 }, 99.9, '30d')).toBeCloseTo(21.6, 10)
    expect(remainingOutageMinutes(undefined, 99.9, '30d')).toBeUndefined()
  })
})
