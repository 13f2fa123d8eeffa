import { describe, expect, it } from 'vitest'
import { judgeCard, judgeCards, readWeeklyHistory } from '@/domain/anomaly/cardAnomaly'
import { chartBands } from '@/domain/anomaly/chartBand'
import type { InstantVector, RangeMatrix } from '@/domain/metrics/types'

const s = (service: string, tag: string, value: number) => ({ labels: { service_name: service, tb_part: tag }, value, timeS: 1 })

describe('weekly history from the band answer', () => {
  it('one history per service, week by week; NaN and missing weeks are undefined', () => {
    const v: InstantVector = [s('a', 'rate_w1', 10), s('a', 'rate_w2', 12), s('a', 'rate_w4', 9), s('a', 'p95_w1', NaN), s('b', 'errorRatio_w3', 0.5), s('a', 'other', 7)]
    const h = readWeeklyHistory(v, 'service_name', 4)
    expect(h.get('a')).toEqual({ rate: [10, 12, undefined, 9], errorRatio: [undefined, undefined, undefined, undefined], p95: [undefined, undefined, undefined, undefined] })
    expect(h.get('b')?.errorRatio).toEqual([undefined, undefined, 0.5, undefined])
  })

  it('drops series without the service label', () => {
    const v: InstantVector = [{ labels: { tb_part: 'rate_w1' }, value: 1, timeS: 1 }]
    expect(readWeeklyHistory(v, 'service_name', 4).size).toBe(0)
  })
})

describe('a card against its usual week', () => {
  const usual = { rate: [10, 12, 11, 9], errorRatio: [0.01, 0.01, 0.01, 0.01], p95: [100, 100, 100, 100] }

  it('a spike in request rate: unusual, the figure and its ratio (33.6 / 10.5 = 3.2)', () => {
    const verdict = judgeCard({ rate: 33.6, errorRatio: 0.01, p95Ms: 100 }, usual)
    expect(verdict.kind).toBe('unusual')
    if (verdict.kind !== 'unusual') return
    expect(verdict.figures.map((f) => f.figure)).toEqual(['rate'])
    expect(verdict.figures[0]?.ratio).toBeCloseTo(3.2, 12)
  })

  it('several figures out: the largest departure first', () => {
    const verdict = judgeCard({ rate: 14, errorRatio: 0.2, p95Ms: 100 }, usual)
    expect(verdict.kind === 'unusual' && verdict.figures.map((f) => f.figure)).toEqual(['errorRatio', 'rate'])
  })

  it('inside the band: usual', () => {
    expect(judgeCard({ rate: 11.5, errorRatio: 0.011, p95Ms: 104 }, usual).kind).toBe('usual')
  })

  it('no history at all, or no value now: not enough history', () => {
    expect(judgeCard({ rate: 100, errorRatio: 0.5, p95Ms: 900 }, undefined).kind).toBe('insufficient')
    expect(judgeCard({ rate: undefined, errorRatio: undefined, p95Ms: undefined }, usual).kind).toBe('insufficient')
    const oneWeek = { rate: [10, undefined, undefined, undefined], errorRatio: [0, undefined, undefined, undefined], p95: [100, undefined, undefined, undefined] }
    expect(judgeCard({ rate: 100, errorRatio: 0.5, p95Ms: 900 }, oneWeek).kind).toBe('insufficient')
  })

  it('every card gets a verdict', () => {
    const m = judgeCards(
      [
        { service: 'a', rate: 33.6, errorRatio: 0.01, p95Ms: 100 },
        { service: 'new', rate: 1, errorRatio: 0, p95Ms: 10 },
      ],
      new Map([['a', usual]]),
    )
    expect([...m].map(([k, v]) => [k, v.kind])).toEqual([
      ['a', 'unusual'],
      ['new', 'insufficient'],
    ])
  })
})

describe('chart bands', () => {
  const grid = { startS: 1000, endS: 1120, stepS: 60 }
  const series = (tag: string, points: [number, number][]) => ({ labels: { tb_part: tag }, points })

  it('mean ± k·stddev at every grid point, a gap where too few weeks have a value', () => {
    const m: RangeMatrix = [
      series('rate_w1', [[1000, 10], [1060, 10], [1120, 10]]),
      series('rate_w2', [[1000, 12], [1060, 10]]),
      series('rate_w3', [[1000, 11], [1060, 10]]),
      series('rate_w4', [[1000, 9]]),
    ]
    const b = chartBands(m, grid)
    const sd = Math.sqrt(1.25)
    const first = b.rate?.points[0]
    expect(first?.[0]).toBe(1_000_000)
    expect(first?.[1]).toBeCloseTo(10.5 - 3 * sd, 12)
    expect(first?.[2]).toBeCloseTo(10.5 + 3 * sd, 12)
    // Three flat weeks: the stddev floor (10 % of the mean) keeps the band open.
    expect(b.rate?.points[1]).toEqual([1_060_000, 7, 13])
    expect(b.rate?.points[2]).toEqual([1_120_000, null, null])
    expect(b.errorRatio).toBeUndefined()
    expect(b.p95).toBeUndefined()
  })
})
