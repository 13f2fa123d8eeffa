/**
 * Each status card against its usual week: the answer of `overviewBandQuery` read into a
 * history per service and figure, then every figure now judged against it (usualBand.ts).
 */
import type { InstantVector } from '../metrics/types'
import { splitVector, valuesByLabel } from '../metricsViews/readTagged'
import { weekNumbers, weekTags, type WeekTag } from './anomalyQueries'
import { ANOMALY_FIGURES, DEFAULT_ANOMALY_CONFIG, judgeFigure, type AnomalyConfig, type AnomalyFigure, type FigureAnomaly } from './usualBand'

/** Values of the previous weeks by figure (index 0 = one week ago); undefined = no data. */
export type WeeklyHistory = Record<AnomalyFigure, (number | undefined)[]>

/** The band answer as one history per service. */
export function readWeeklyHistory(vector: InstantVector, serviceLabel: string, weeks: number): Map<string, WeeklyHistory> {
  const byTag = splitVector(vector, weekTags(weeks))
  const out = new Map<string, WeeklyHistory>()
  const historyOf = (service: string): WeeklyHistory => {
    let h = out.get(service)
    if (!h) {
      h = { rate: Array<undefined>(weeks).fill(undefined), errorRatio: Array<undefined>(weeks).fill(undefined), p95: Array<undefined>(weeks).fill(undefined) }
      out.set(service, h)
    }
    return h
  }
  for (const figure of ANOMALY_FIGURES) {
    for (const w of weekNumbers(weeks)) {
      for (const [service, value] of valuesByLabel(byTag[`${figure}_w${w}` as WeekTag] ?? [], serviceLabel)) {
        if (service !== '') historyOf(service)[figure][w - 1] = value
      }
    }
  }
  return out
}

/** A card's figures now, as the card shows them. */
export interface NowFigures {
  rate: number | undefined
  errorRatio: number | undefined
  p95Ms: number | undefined
}

export type CardAnomaly =
  /** At least one figure is outside its band (worst first: largest departure in stddevs). */
  | { kind: 'unusual'; figures: FigureAnomaly[]; weeks: number }
  | { kind: 'usual'; weeks: number }
  /** No figure has both a value now and enough weeks of history. */
  | { kind: 'insufficient'; weeks: number }

/** One card against its history (undefined history = the service had no data in any week). */
export function judgeCard(now: NowFigures, history: WeeklyHistory | undefined, config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG): CardAnomaly {
  const weeks = config.weeks
  if (!history) return { kind: 'insufficient', weeks }
  const value: Record<AnomalyFigure, number | undefined> = { rate: now.rate, errorRatio: now.errorRatio, p95: now.p95Ms }
  const unusual: FigureAnomaly[] = []
  let compared = 0
  for (const figure of ANOMALY_FIGURES) {
    const v = judgeFigure(figure, value[figure], history[figure], config)
    if (v.kind === 'insufficient') continue
    compared++
    if (v.kind === 'unusual') unusual.push(v.anomaly)
  }
  if (unusual.length > 0) {
    const departure = (a: FigureAnomaly): number => Math.abs(a.value - a.band.mean) / a.band.stddev
    return { kind: 'unusual', figures: unusual.sort((a, b) => departure(b) - departure(a)), weeks }
  }
  return compared > 0 ? { kind: 'usual', weeks } : { kind: 'insufficient', weeks }
}

/** Every card's verdict by service. */
export function judgeCards(
  cards: readonly (NowFigures & { service: string })[],
  histories: ReadonlyMap<string, WeeklyHistory>,
  config: AnomalyConfig = DEFAULT_ANOMALY_CONFIG,
): Map<string, CardAnomaly> {
  const out = new Map<string, CardAnomaly>()
  for (const c of cards) out.set(c.service, judgeCard(c, histories.get(c.service), config))
  return out
}
