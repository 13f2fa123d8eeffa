import { describe, expect, it } from 'vitest'
import type { HealthThresholds } from '@/domain/health/serviceHealth'
import type { InstantVector, RangeMatrix } from '@/domain/metrics/types'
import { buildServiceCards, countByStatus, filterCards, type CardInput } from '@/domain/metricsViews/serviceCards'

const T: HealthThresholds = {
  warning: { errorRatio: 0.01, p95Ms: 1000 },
  critical: { errorRatio: 0.05, p95Ms: 2000 },
  perService: {},
}

type Time = 'now' | 'day' | 'week'
type Figure = 'rate' | 'errorRatio' | 'p95'
type FigureData = Partial<Record<Figure, Partial<Record<Time, Record<string, number>>>>>

/** Figures as the overview's two tagged queries answer them (now; yesterday and last week). */
function input(data: FigureData, extra: Partial<CardInput> = {}): CardInput {
  const figures: InstantVector = []
  const comparisons: InstantVector = []
  for (const [figure, byTime] of Object.entries(data)) {
    for (const [time, byService] of Object.entries(byTime ?? {})) {
      for (const [service, value] of Object.entries(byService ?? {})) {
        const tb_part = time === 'now' ? figure : `${figure}_${time}`
        ;(time === 'now' ? figures : comparisons).push({ labels: { service_name: service, tb_part }, value, timeS: 1000 })
      }
    }
  }
  return { figures, comparisons, sparkline: undefined, serviceLabel: 'service_name', thresholds: T, ...extra }
}
const tagged = (byTime: Partial<Record<Time, Record<string, number>>>) => byTime

describe('buildServiceCards', () => {
  it('keeps "no data" undefined (NaN, missing series) and never turns it into 0', () => {
    const cards = buildServiceCards(
      input({
        rate: tagged({ now: { idle: 0, gone: NaN } }),
        errorRatio: tagged({ now: { idle: NaN } }),
        p95: tagged({ now: { idle: NaN } }),
      }),
    )
    const idle = cards.find((c) => c.service === 'idle')
    const gone = cards.find((c) => c.service === 'gone')
    expect(idle).toMatchObject({ rate: 0, errorRatio: undefined, p95Ms: undefined, status: 'nodata' })
    expect(gone).toMatchObject({ rate: undefined, errorRatio: undefined, p95Ms: undefined, status: 'nodata' })
  })

  it('shows 0 % errors for traffic without error series (the query answers 0, not absent)', () => {
    const [card] = buildServiceCards(input({ rate: tagged({ now: { api: 12 } }), errorRatio: tagged({ now: { api: 0 } }), p95: tagged({ now: { api: 120 } }) }))
    expect(card).toMatchObject({ service: 'api', rate: 12, errorRatio: 0, p95Ms: 120, status: 'healthy' })
  })

  it('judges status by the thresholds, per-service overrides included, worst first', () => {
    const thresholds: HealthThresholds = { ...T, perService: { batch: { warning: { p95Ms: 5000 }, critical: { p95Ms: 10000 } } } }
    const cards = buildServiceCards(
      input(
        {
          rate: tagged({ now: { a: 1, b: 1, c: 1, batch: 1 } }),
          errorRatio: tagged({ now: { a: 0.002, b: 0.02, c: 0.07, batch: 0 } }),
          p95: tagged({ now: { a: 100, b: 100, c: 100, batch: 3000 } }),
        },
        { thresholds },
      ),
    )
    expect(cards.map((c) => [c.service, c.status])).toEqual([
      ['c', 'critical'],
      ['b', 'warning'],
      ['a', 'healthy'],
      ['batch', 'healthy'],
    ])
    expect(cards[0]?.reasons).toEqual(['errorRatio'])
  })

  it('compares with yesterday and last week: relative for rate and p95, points for errors', () => {
    const [card] = buildServiceCards(
      input({
        rate: tagged({ now: { api: 12 }, day: { api: 10 }, week: { api: 0 } }),
        errorRatio: tagged({ now: { api: 0.02 }, day: { api: 0.01 } }),
        p95: tagged({ now: { api: 150 }, day: { api: 200 }, week: { api: 100 } }),
      }),
    )
    expect(card?.trend.day.rateChange).toBeCloseTo(0.2)
    expect(card?.trend.day.errorRatioDelta).toBeCloseTo(0.01)
    expect(card?.trend.day.p95Change).toBeCloseTo(-0.25)
    // No traffic last week: a relative change is meaningless, not +∞.
    expect(card?.trend.week.rateChange).toBeUndefined()
    expect(card?.trend.week.errorRatioDelta).toBeUndefined()
    expect(card?.trend.week.p95Change).toBeCloseTo(0.5)
  })

  it('lists a service that was busy yesterday but is silent now (as no data), but not one seen only last week', () => {
    const cards = buildServiceCards(input({ rate: tagged({ now: { api: 1 }, day: { silent: 8 }, week: { old: 3 } }) }))
    expect(cards.map((c) => c.service).sort()).toEqual(['api', 'silent'])
    expect(cards.find((c) => c.service === 'silent')).toMatchObject({ status: 'nodata', rate: undefined })
  })

  it('ignores series without a service label or without a known tag', () => {
    const base = input({ rate: tagged({ now: { api: 3 } }) })
    base.figures.push({ labels: { tb_part: 'rate' }, value: 5, timeS: 0 }, { labels: { service_name: 'x', tb_part: 'other' }, value: 5, timeS: 0 })
    expect(buildServiceCards(base).map((c) => c.service)).toEqual(['api'])
  })

  it('still draws the cards before the comparisons arrive', () => {
    const data = input({ rate: tagged({ now: { api: 3 } }) })
    const [card] = buildServiceCards({ ...data, comparisons: undefined })
    expect(card).toMatchObject({ service: 'api', rate: 3 })
    expect(card?.trend.day.rateChange).toBeUndefined()
  })

  it('draws sparklines from the range answer, counts firing alerts, and ignores series without a service label', () => {
    const matrix: RangeMatrix = [
      { labels: { service_name: 'api' }, points: [[0, 1], [60, 2], [120, 3]] },
      { labels: {}, points: [[0, 1]] },
    ]
    const cards = buildServiceCards(
      input(
        { rate: tagged({ now: { api: 3 } }) },
        { sparkline: { matrix, startS: 0, endS: 120, stepS: 60 }, firingByService: new Map([['api', 2]]) },
      ),
    )
    expect(cards).toHaveLength(1)
    expect(cards[0]?.sparkline.path.startsWith('M0 ')).toBe(true)
    expect(cards[0]?.firingAlerts).toBe(2)
  })
})

describe('counting and filtering', () => {
  const cards = buildServiceCards(
    input({
      rate: tagged({ now: { 'Checkout-API': 1, catalog: 1, idle: 0 } }),
      errorRatio: tagged({ now: { 'Checkout-API': 0.1, catalog: 0 } }),
      p95: tagged({ now: { 'Checkout-API': 10, catalog: 10 } }),
    }),
  )

  it('counts services per status', () => {
    expect(countByStatus(cards)).toEqual({ critical: 1, warning: 0, nodata: 1, healthy: 1 })
  })

  it('filters by a case-insensitive part of the name and by status', () => {
    expect(filterCards(cards, { text: 'checkout' }).map((c) => c.service)).toEqual(['Checkout-API'])
    expect(filterCards(cards, { status: 'nodata' }).map((c) => c.service)).toEqual(['idle'])
    expect(filterCards(cards, { text: 'cat', status: 'critical' })).toEqual([])
    expect(filterCards(cards, { text: '  ' })).toBe(cards)
  })
})
