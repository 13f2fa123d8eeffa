import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chooseStep, MAX_POINTS_PER_SERIES, SETTLE_S, settledEndS } from '@/domain/metrics/chooseStep'

describe('chooseStep', () => {
  it('one hour at ~300 points → 15 s, both ends aligned down', () => {
    const r = chooseStep(1_700_000_007, 1_700_003_607)
    expect(r.stepS).toBe(15)
    expect(r.startS).toBe(1_699_999_995) // 113,333,333 × 15
    expect(r.startS % 15).toBe(0)
    expect(r.endS % 15).toBe(0)
    expect(r.endS).toBeLessThanOrEqual(1_700_003_607)
    expect(1_700_003_607 - r.endS).toBeLessThan(15)
    expect(r.points).toBe((r.endS - r.startS) / 15 + 1)
  })

  it('never goes below minStepS (e.g. the scrape interval)', () => {
    expect(chooseStep(0, 600, { minStepS: 60 }).stepS).toBe(60)
    expect(chooseStep(0, 600, { minStepS: 45 }).stepS).toBe(60)
  })

  it('start == end gives one point', () => {
    expect(chooseStep(1000, 1000)).toMatchObject({ startS: 1000, endS: 1000, stepS: 1, points: 1 })
  })

  it('asks for more than 11,000 points → coarser step', () => {
    const r = chooseStep(0, 11_000 * 15, { targetPoints: 50_000, minStepS: 15 })
    expect(r.points).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES)
    expect(r.stepS).toBe(30)
  })

  it('ranges of years use whole-day steps', () => {
    const r = chooseStep(0, 5 * 365 * 86400)
    expect(r.stepS % 86400).toBe(0)
    expect(r.points).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES)
  })

  it('rejects end before start and non-finite bounds', () => {
    expect(() => chooseStep(10, 5)).toThrow(RangeError)
    expect(() => chooseStep(NaN, 5)).toThrow(RangeError)
    expect(() => chooseStep(0, Infinity)).toThrow(RangeError)
  })

  it('property: ≤ 11,000 points, aligned, inside the asked range, whole seconds ≥ minStep', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 4e9, noNaN: true }),
        fc.double({ min: 0, max: 20 * 365 * 86400, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined }),
        fc.option(fc.integer({ min: -5, max: 50_000 }), { nil: undefined }),
        (startS, spanS, minStepS, targetPoints) => {
          const endS = startS + spanS
          const r = chooseStep(startS, endS, { minStepS, targetPoints })
          expect(Number.isInteger(r.stepS)).toBe(true)
          expect(r.stepS).toBeGreaterThanOrEqual(minStepS ?? 1)
          expect(r.points).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES)
          // Prometheus' own check (web/api/v1/api.go): (end - start) / step > 11000 is refused.
          expect((r.endS - r.startS) / r.stepS).toBeLessThanOrEqual(11_000)
          expect(r.points).toBe((r.endS - r.startS) / r.stepS + 1)
          expect(r.startS % r.stepS).toBe(0)
          expect(r.endS % r.stepS).toBe(0)
          expect(r.startS).toBeLessThanOrEqual(startS)
          expect(startS - r.startS).toBeLessThan(r.stepS)
          expect(r.endS).toBeLessThanOrEqual(endS)
          expect(endS - r.endS).toBeLessThan(r.stepS)
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('settledEndS', () => {
  it('keeps a chart out of the last 30 s, whose window is still filling; an old range is unchanged', () => {
    expect(SETTLE_S).toBe(30)
    expect(settledEndS(0, 1000, 1000)).toBe(970)
    expect(settledEndS(0, 500, 1000)).toBe(500)
    expect(settledEndS(990, 1000, 1000)).toBe(990)
  })
})
