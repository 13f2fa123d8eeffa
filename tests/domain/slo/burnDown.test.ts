import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { burnDown, burnDownPlan, burnDownStepS, regroupSteps, type StepCounts } from '@/domain/slo/burnDown'
import { budgetRemaining } from '@/domain/slo/sloMath'

const HOUR = 3600
const steps = fc.array(
  fc.record({ total: fc.integer({ min: 0, max: 1_000_000 }), badShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
  { minLength: 1, maxLength: 60 },
)
const toSteps = (list: { total: number; badShare: number }[], stepS: number, startS: number): StepCounts[] =>
  list.map((s, i) => ({ endS: startS + (i + 1) * stepS, total: s.total, good: s.total - Math.round(s.total * s.badShare) }))

describe('burnDownStepS / burnDownPlan', () => {
  it('keeps every window near 120 whole-hour points, the 30-day one at 6 h', () => {
    expect(burnDownStepS('7d')).toBe(2 * HOUR)
    expect(burnDownStepS('28d')).toBe(6 * HOUR)
    expect(burnDownStepS('30d')).toBe(6 * HOUR)
  })

  it('property: one query at the finest step covers every window, each ending at its last complete step', () => {
    fc.assert(
      fc.property(fc.subarray(['7d', '28d', '30d'] as const, { minLength: 1 }), fc.integer({ min: 1_600_000_000, max: 1_900_000_000 }), (windows, atS) => {
        const plan = burnDownPlan(windows, atS)
        for (const w of windows) {
          const g = plan.windows[w]
          if (!g) throw new Error(`no grid for ${w}`)
          expect(g.endS).toBeLessThanOrEqual(atS)
          expect(atS - g.endS).toBeLessThan(g.stepS)
          expect(g.endS % g.stepS).toBe(0)
          expect(g.stepS % plan.query.stepS).toBe(0)
          expect(plan.query.startS).toBeLessThanOrEqual(g.startS + plan.query.stepS)
          expect(plan.query.endS).toBeGreaterThanOrEqual(g.endS)
        }
      }),
    )
  })
})

describe('burnDown', () => {
  it('is undefined without a single request: no data is no chart, never a flat 100 %', () => {
    expect(burnDown([], 99.9, 0)).toBeUndefined()
    expect(burnDown([{ endS: 10, total: 0, good: 0 }], 99.9, 0)).toBeUndefined()
  })

  it('a hand-computed case: 1,000 requests, 0.1 % budget, 1 bad then none', () => {
    const points = burnDown(
      [
        { endS: 20, total: 500, good: 500 },
        { endS: 10, total: 500, good: 499.5 },
      ],
      99.9,
      0,
    )
    expect(points).toEqual([
      { timeS: 0, remaining: 1 },
      { timeS: 10, remaining: 0.5 },
      { timeS: 20, remaining: 0.5 },
    ])
  })

  it('property: starts at 1, never rises, and ends at the budget remaining over the whole window', () => {
    fc.assert(
      fc.property(steps, fc.double({ min: 90, max: 99.99, noNaN: true }), (list, objective) => {
        const s = toSteps(list, HOUR, 0)
        const points = burnDown(s, objective, 0)
        const total = s.reduce((a, x) => a + x.total, 0)
        if (total === 0) {
          expect(points).toBeUndefined()
          return
        }
        if (!points) throw new Error('points expected')
        expect(points[0]).toEqual({ timeS: 0, remaining: 1 })
        for (let i = 1; i < points.length; i++) expect(points[i]!.remaining).toBeLessThanOrEqual(points[i - 1]!.remaining + 1e-12)
        const good = s.reduce((a, x) => a + x.good, 0)
        const expected = budgetRemaining({ good, total }, objective)
        expect(points.at(-1)!.remaining).toBeCloseTo(expected ?? NaN, 6)
      }),
    )
  })
})

describe('regroupSteps', () => {
  it('property: the coarse steps hold the same counts as the fine ones inside the grid', () => {
    fc.assert(
      fc.property(steps, fc.integer({ min: 1, max: 6 }), (list, factor) => {
        const fine = toSteps(list, HOUR, 0)
        const grid = { startS: 0, endS: Math.ceil(fine.length / factor) * factor * HOUR, stepS: factor * HOUR }
        const coarse = regroupSteps(fine, grid)
        expect(coarse.reduce((a, x) => a + x.total, 0)).toBe(fine.reduce((a, x) => a + x.total, 0))
        expect(coarse.reduce((a, x) => a + x.good, 0)).toBeCloseTo(fine.reduce((a, x) => a + x.good, 0), 6)
        for (const c of coarse) expect(c.endS % grid.stepS).toBe(0)
      }),
    )
  })

  it('leaves steps outside the grid out', () => {
    const out = regroupSteps(
      [
        { endS: 0, total: 5, good: 5 },
        { endS: HOUR, total: 7, good: 6 },
        { endS: 3 * HOUR, total: 9, good: 9 },
      ],
      { startS: 0, endS: 2 * HOUR, stepS: 2 * HOUR },
    )
    expect(out).toEqual([{ endS: 2 * HOUR, total: 7, good: 6 }])
  })
})
