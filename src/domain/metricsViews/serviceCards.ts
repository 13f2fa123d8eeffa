/**
 * The overview's cards from the raw answers: figures now / yesterday / last week, the sparkline
 * matrix, firing alerts. "No data" stays undefined all the way to the card (never 0); a service
 * with traffic and no error series has a 0 error ratio because the query says so (redQueries.ts).
 */
import { compareWorstFirst, judgeHealth, type HealthReason, type HealthStatus, type HealthThresholds } from '../health/serviceHealth'
import type { InstantVector, RangeMatrix } from '../metrics/types'
import { CARD_FIGURES, COMPARISON_TAGS, type CardFigure, type ComparisonTime } from './overviewQueries'
import { splitVector, valuesByLabel } from './readTagged'
import { sparklinePath, type Sparkline } from './sparklinePath'

export interface CardFigures {
  /** Requests per second. */
  rate: number | undefined
  /** 0..1 */
  errorRatio: number | undefined
  p95Ms: number | undefined
}

/** Change of each figure against an earlier time; undefined when either side has no data. */
export interface FigureTrend {
  /** Relative change of the request rate (0.12 = +12 %); undefined when there was no traffic before. */
  rateChange: number | undefined
  /** Difference of error ratios (0.004 = +0.4 percentage points). */
  errorRatioDelta: number | undefined
  /** Relative change of p95. */
  p95Change: number | undefined
  /** The earlier figures themselves. */
  before: CardFigures
}

export interface ServiceCard extends CardFigures {
  service: string
  status: HealthStatus
  reasons: HealthReason[]
  trend: { day: FigureTrend; week: FigureTrend }
  sparkline: Sparkline
  firingAlerts: number
}

export interface CardInput {
  /** Answer of `overviewFiguresQuery` (tagged by figure). */
  figures: InstantVector
  /** Answer of `overviewComparisonQuery`; undefined until it arrives (or when it failed). */
  comparisons: InstantVector | undefined
  /** Answer of the sparkline range query; undefined when it failed. */
  sparkline: { matrix: RangeMatrix; startS: number; endS: number; stepS: number } | undefined
  serviceLabel: string
  thresholds: HealthThresholds
  firingByService?: ReadonlyMap<string, number>
}

function relativeChange(now: number | undefined, before: number | undefined): number | undefined {
  if (now === undefined || before === undefined || before <= 0) return undefined
  return (now - before) / before
}

function trendOf(now: CardFigures, before: CardFigures): FigureTrend {
  return {
    rateChange: relativeChange(now.rate, before.rate),
    errorRatioDelta: now.errorRatio !== undefined && before.errorRatio !== undefined ? now.errorRatio - before.errorRatio : undefined,
    p95Change: relativeChange(now.p95Ms, before.p95Ms),
    before,
  }
}

const NO_SPARKLINE: Sparkline = { path: '', max: undefined }

/**
 * One card per service seen now, in the last hour (sparkline) or at this time yesterday (a
 * service that went silent is exactly what the overview must show), worst first.
 */
export function buildServiceCards(input: CardInput): ServiceCard[] {
  const label = input.serviceLabel
  const nowParts = splitVector(input.figures, CARD_FIGURES)
  const now = Object.fromEntries(CARD_FIGURES.map((f) => [f, valuesByLabel(nowParts[f], label)])) as Record<CardFigure, Map<string, number | undefined>>
  const earlierParts = splitVector(input.comparisons ?? [], COMPARISON_TAGS)
  const earlier = Object.fromEntries(COMPARISON_TAGS.map((tag) => [tag, valuesByLabel(earlierParts[tag], label)])) as Record<
    (typeof COMPARISON_TAGS)[number],
    Map<string, number | undefined>
  >
  const figuresNow = (service: string): CardFigures => ({
    rate: now.rate.get(service),
    errorRatio: now.errorRatio.get(service),
    p95Ms: now.p95.get(service),
  })
  const figuresAt = (time: ComparisonTime, service: string): CardFigures => ({
    rate: earlier[`rate_${time}`].get(service),
    errorRatio: earlier[`errorRatio_${time}`].get(service),
    p95Ms: earlier[`p95_${time}`].get(service),
  })

  const sparkBy = new Map<string, Sparkline>()
  const spark = input.sparkline
  if (spark) {
    for (const s of spark.matrix) sparkBy.set(s.labels[label] ?? '', sparklinePath(s.points, spark))
  }

  const services = new Set<string>()
  for (const f of CARD_FIGURES) for (const key of now[f].keys()) services.add(key)
  for (const key of earlier.rate_day.keys()) services.add(key)
  for (const s of sparkBy.keys()) services.add(s)
  // A series without the service label cannot be linked to a service page.
  services.delete('')

  const cards: ServiceCard[] = []
  for (const service of services) {
    const current = figuresNow(service)
    const verdict = judgeHealth(service, { ...current, p50Ms: undefined, p99Ms: undefined }, input.thresholds)
    cards.push({
      service,
      ...current,
      status: verdict.status,
      reasons: verdict.reasons,
      trend: { day: trendOf(current, figuresAt('day', service)), week: trendOf(current, figuresAt('week', service)) },
      sparkline: sparkBy.get(service) ?? NO_SPARKLINE,
      firingAlerts: input.firingByService?.get(service) ?? 0,
    })
  }
  return sortWorstFirst(cards)
}

/** Worst first (serviceHealth.ts's order). */
export function sortWorstFirst(cards: ServiceCard[]): ServiceCard[] {
  return cards.sort((a, b) =>
    compareWorstFirst(
      { service: a.service, status: a.status, figures: { ...a, p50Ms: undefined, p99Ms: undefined } },
      { service: b.service, status: b.status, figures: { ...b, p50Ms: undefined, p99Ms: undefined } },
    ),
  )
}

export type StatusCounts = Record<HealthStatus, number>

export function countByStatus(cards: readonly ServiceCard[]): StatusCounts {
  const counts: StatusCounts = { critical: 0, warning: 0, nodata: 0, healthy: 0 }
  for (const c of cards) counts[c.status]++
  return counts
}

export interface CardFilter {
  /** Case-insensitive part of the service name. */
  text?: string
  status?: HealthStatus
}

export function filterCards(cards: readonly ServiceCard[], filter: CardFilter): readonly ServiceCard[] {
  const text = filter.text?.trim().toLocaleLowerCase() ?? ''
  if (text === '' && filter.status === undefined) return cards
  return cards.filter(
    (c) => (filter.status === undefined || c.status === filter.status) && (text === '' || c.service.toLocaleLowerCase().includes(text)),
  )
}
