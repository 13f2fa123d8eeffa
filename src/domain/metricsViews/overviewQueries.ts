/**
 * The overview's PromQL: a constant number of queries whatever the number of services. Every
 * figure is a `sum by (<service label>)` returning all services at once; the figures are then
 * tagged (`taggedUnion`) and sent together:
 * - ONE instant query for the card figures now (rate, error ratio, p95): what a card needs;
 * - ONE instant query for the same figures at this time yesterday and last week (`offset`);
 * - ONE range query for the sparklines of every service.
 * With /api/v1/alerts that is four requests per refresh (five on the first one when the preset
 * is detected), and the response the cards wait for is the smallest of them.
 */
import { re, type PromQL } from '../promql/builder'
import { DEFAULT_RED_WINDOW } from '../metrics/redQueries'
import type { RedPreset } from '../metrics/redPresets'
import { figureQuery, rateQuery, type FigureScope } from './redFigureQuery'
import { taggedUnion } from './promqlParts'

/** The figures a status card shows; also the tags of the figures query. */
export const CARD_FIGURES = ['rate', 'errorRatio', 'p95'] as const
export type CardFigure = (typeof CARD_FIGURES)[number]

/** The earlier times each figure is compared with. */
export const COMPARISON_OFFSETS = { day: '1d', week: '1w' } as const
export type ComparisonTime = keyof typeof COMPARISON_OFFSETS
export const COMPARISON_TIMES = Object.keys(COMPARISON_OFFSETS) as ComparisonTime[]
/** Tags of the comparison query: `rate_day`, `p95_week`, … */
export type ComparisonTag = `${CardFigure}_${ComparisonTime}`
export const COMPARISON_TAGS: readonly ComparisonTag[] = CARD_FIGURES.flatMap((f) => COMPARISON_TIMES.map((t): ComparisonTag => `${f}_${t}`))

/** The sparkline covers the last hour. */
export const SPARKLINE_SPAN_S = 3600
export const SPARKLINE_POINTS = 30

export interface OverviewQueryOptions {
  window?: string
  /** Only these services (one standalone card); undefined or empty = every service. */
  services?: readonly string[]
}

function scope(preset: RedPreset, options: OverviewQueryOptions, offset?: string): FigureScope {
  const services = options.services ?? []
  return {
    groupBy: [preset.serviceLabel],
    matchers: services.length > 0 ? [re(preset.serviceLabel, services)] : [],
    window: options.window ?? DEFAULT_RED_WINDOW,
    ...(offset === undefined ? {} : { offset }),
  }
}

/** Rate, error ratio and p95 of every service now, tagged by figure. */
export function overviewFiguresQuery(preset: RedPreset, options: OverviewQueryOptions = {}): PromQL {
  return taggedUnion(CARD_FIGURES.map((figure) => ({ tag: figure, expr: figureQuery(preset, figure, scope(preset, options)) })))
}

/** The same figures a day and a week ago, tagged `<figure>_<day|week>`. */
export function overviewComparisonQuery(preset: RedPreset, options: OverviewQueryOptions = {}): PromQL {
  return taggedUnion(
    CARD_FIGURES.flatMap((figure) =>
      COMPARISON_TIMES.map((time) => ({
        tag: `${figure}_${time}` as ComparisonTag,
        expr: figureQuery(preset, figure, scope(preset, options, COMPARISON_OFFSETS[time])),
      })),
    ),
  )
}

/** The request rate of every service, for one range query over the last hour. */
export function sparklineQuery(preset: RedPreset, options: OverviewQueryOptions = {}): PromQL {
  return rateQuery(preset, scope(preset, options))
}
