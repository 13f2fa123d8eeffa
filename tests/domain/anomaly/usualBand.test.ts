import { bandRateWindow } from '@/domain/anomaly/anomalyQueries'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  ANOMALY_FIGURES,
  DEFAULT_ANOMALY_CONFIG,
  judgeFigure,
  usualBand,
  validateAnomalyConfig,
  type AnomalyConfig,
  type UsualBand,
} from '@/domain/anomaly/usualBand'
import { formatRatio } from '@/domain/metricsViews/formatFigures'

const figure = fc.constantFrom(...ANOMALY_FIGURES)
// Thousandths up to 10⁶: figures as Prometheus gives them (subnormal doubles would only test underflow).
const value = fc.integer({ min: 0, max: 1e9 }).map((x) => x / 1000)
const fullHistory = fc.array(value, { minLength: 4, maxLength: 4 })
const NO_FLOOR: AnomalyConfig = { ...DEFAULT_ANOMALY_CONFIG, relativeFloor: 0, absoluteFloor: { rate: 0, errorRatio: 0, p95: 0 } }

function band(history: readonly (number | undefined)[], f: (typeof ANOMALY_FIGURES)[number], config = DEFAULT_ANOMALY_CONFIG): UsualBand {
  const r = usualBand(history, f, config)
  if (r.kind !== 'band') throw new Error('expected a band')
  return r.band
}

describe('usual-week band', () => {
  it('is mean ± 3 population stddev of the weeks (hand-computed)', () => {
    const b = band([10, 12, 11, 9], 'rate')
    expect(b.mean).toBeCloseTo(10.5, 12)
    expect(b.stddev).toBeCloseTo(Math.sqrt(1.25), 12)
    expect(b.upper).toBeCloseTo(10.5 + 3 * Math.sqrt(1.25), 12)
    expect(b.lower).toBeCloseTo(10.5 - 3 * Math.sqrt(1.25), 12)
    expect(b.weeks).toBe(4)
  })

  it('says "not enough history" with fewer weeks than minWeeks, whatever the values', () => {
    fc.assert(
      fc.property(figure, fc.array(fc.option(value, { nil: undefined }), { minLength: 4, maxLength: 4 }), (f, h) => {
        const weeks = h.filter((v) => v !== undefined).length
        expect(usualBand(h, f).kind).toBe(weeks >= DEFAULT_ANOMALY_CONFIG.minWeeks ? 'band' : 'insufficient')
      }),
    )
    expect(usualBand([5, NaN, undefined, 5], 'rate')).toEqual({ kind: 'insufficient', weeks: 2 })
    expect(judgeFigure('rate', 500, [5, undefined, undefined, undefined])).toEqual({ kind: 'insufficient' })
  })

  it('holds the mean, never goes below 0, and is never narrower than 2k × the floor', () => {
    fc.assert(
      fc.property(figure, fullHistory, (f, h) => {
        const b = band(h, f)
        expect(b.lower).toBeLessThanOrEqual(b.mean)
        expect(b.upper).toBeGreaterThanOrEqual(b.mean)
        expect(b.lower).toBeGreaterThanOrEqual(0)
        const floor = Math.max(DEFAULT_ANOMALY_CONFIG.relativeFloor * b.mean, DEFAULT_ANOMALY_CONFIG.absoluteFloor[f])
        expect(b.upper - b.mean).toBeGreaterThanOrEqual(DEFAULT_ANOMALY_CONFIG.k * floor * (1 - 1e-12))
      }),
    )
  })

  it('never flags a value equal to one of the usual weeks (k = 3 ≥ √(n−1))', () => {
    fc.assert(
      fc.property(figure, fullHistory, fc.nat(3), (f, h, i) => {
        expect(judgeFigure(f, h[i], h, NO_FLOOR).kind).toBe('usual')
      }),
    )
  })

  it('does not depend on the order of the weeks', () => {
    fc.assert(
      fc.property(figure, fullHistory, value, (f, h, v) => {
        const reversed = [...h].reverse()
        expect(judgeFigure(f, v, reversed).kind).toBe(judgeFigure(f, v, h).kind)
      }),
    )
  })

  it('without absolute floors, scaling the history and the value scales nothing else', () => {
    fc.assert(
      fc.property(
        figure,
        fc.array(fc.double({ min: 1, max: 1e4, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.double({ min: 0, max: 1e5, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        (f, h, v, c) => {
          const a = judgeFigure(f, v, h, { ...DEFAULT_ANOMALY_CONFIG, absoluteFloor: { rate: 0, errorRatio: 0, p95: 0 } })
          const b = judgeFigure(f, v * c, h.map((x) => x * c), { ...DEFAULT_ANOMALY_CONFIG, absoluteFloor: { rate: 0, errorRatio: 0, p95: 0 } })
          // Borderline values can flip by a rounding error; away from the edges the verdict holds.
          if (a.kind === 'unusual' && b.kind === 'unusual') expect(b.anomaly.ratio ?? NaN).toBeCloseTo(a.anomaly.ratio ?? NaN, 6)
          if (a.kind !== b.kind) {
            const bd = band(h, f, { ...DEFAULT_ANOMALY_CONFIG, absoluteFloor: { rate: 0, errorRatio: 0, p95: 0 } })
            const edge = Math.min(Math.abs(v - bd.upper), Math.abs(v - bd.lower))
            expect(edge / Math.max(1, bd.mean)).toBeLessThan(1e-9)
          }
        },
      ),
    )
  })

  it('a flat history does not flag a small change (the stddev floor), but does flag a large one', () => {
    fc.assert(
      fc.property(figure, fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: -0.29, max: 0.29, noNaN: true }), (f, m, change) => {
        expect(judgeFigure(f, m * (1 + change), [m, m, m, m]).kind).toBe('usual')
      }),
    )
    expect(judgeFigure('rate', 13.1, [10, 10, 10, 10])).toMatchObject({ kind: 'unusual', anomaly: { position: 'above' } })
    // An error ratio that is usually 0 has a floor of 0.2 pp: 0.5 % is within it, 1 % is not.
    expect(judgeFigure('errorRatio', 0.005, [0, 0, 0, 0]).kind).toBe('usual')
    expect(judgeFigure('errorRatio', 0.01, [0, 0, 0, 0])).toMatchObject({ kind: 'unusual', anomaly: { ratio: undefined } })
  })

  it('request rate is unusual in both directions; error ratio and p95 only above', () => {
    const h = [100, 110, 90, 100]
    expect(judgeFigure('rate', 20, h)).toMatchObject({ kind: 'unusual', anomaly: { position: 'below', ratio: 0.2 } })
    expect(judgeFigure('p95', 20, h).kind).toBe('usual')
    expect(judgeFigure('errorRatio', 0, [0.1, 0.11, 0.09, 0.1]).kind).toBe('usual')
    expect(judgeFigure('p95', 320, h)).toMatchObject({ kind: 'unusual', anomaly: { position: 'above', ratio: 3.2 } })
  })

  it('ratio is value / mean', () => {
    fc.assert(
      fc.property(fullHistory.filter((h) => h.some((x) => x > 0)), value, (h, v) => {
        const r = judgeFigure('rate', v, h, NO_FLOOR)
        if (r.kind === 'unusual') expect(r.anomaly.ratio).toBeCloseTo(v / (h.reduce((a, b) => a + b, 0) / 4), 9)
      }),
    )
  })

  it('a value now that is missing or NaN is not judged', () => {
    expect(judgeFigure('p95', undefined, [1, 2, 3, 4]).kind).toBe('insufficient')
    expect(judgeFigure('p95', NaN, [1, 2, 3, 4]).kind).toBe('insufficient')
  })

  it('refuses a config that cannot make a band, naming the field', () => {
    expect(() => validateAnomalyConfig({ ...DEFAULT_ANOMALY_CONFIG, minWeeks: 5 })).toThrow(/anomaly\.minWeeks/)
    expect(() => validateAnomalyConfig({ ...DEFAULT_ANOMALY_CONFIG, k: 0 })).toThrow(/anomaly\.k/)
    expect(() => validateAnomalyConfig({ ...DEFAULT_ANOMALY_CONFIG, weeks: 0 })).toThrow(/anomaly\.weeks/)
    expect(validateAnomalyConfig(DEFAULT_ANOMALY_CONFIG)).toBe(DEFAULT_ANOMALY_CONFIG)
  })

  it('formats ratios with the digits a reader needs', () => {
    expect([formatRatio(3.2), formatRatio(3.249), formatRatio(12.4), formatRatio(0.2), formatRatio(0.254)]).toEqual(['3.2', '3.2', '12', '0.20', '0.25'])
  })
})

describe('bandRateWindow', () => {
  it('is the chart window, never under the cards 5 m (coarser old weeks have no 1 m rate)', () => {
    expect(bandRateWindow(60)).toBe('300s')
    expect(bandRateWindow(300)).toBe('300s')
    expect(bandRateWindow(1200)).toBe('1200s')
  })
})
