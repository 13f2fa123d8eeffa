import { failureMessage, type TraceboardComposer } from '@/i18n'
import type { AnomalyFigure, FigureAnomaly } from '@/domain/anomaly/usualBand'
import { formatRatio } from '@/domain/anomaly/formatRatio'
import { formatLatency, formatPercent, formatRate } from '@/domain/metricsViews/formatFigures'
import type { CardAnomalyState } from '@/composables/useAnomalyBands'

type T = TraceboardComposer['t']

/** A figure's value as the card writes it. */
export function figureText(t: T, figure: AnomalyFigure, v: number, locale: string): string {
  if (figure === 'rate') return `${formatRate(v, locale)} ${t('metrics.figure.rateUnit')}`
  return figure === 'errorRatio' ? formatPercent(v, locale) : formatLatency(v)
}

/** "request rate 3.2× usual" / "요청량 평소의 3.2배" (or "…, usually 0" when the usual is 0). */
export function anomalySummary(t: T, locale: string, a: FigureAnomaly): string {
  const figure = t(`metrics.anomaly.figure.${a.figure}`)
  return a.ratio === undefined
    ? t('metrics.anomaly.fromZero', { figure, value: figureText(t, a.figure, a.value, locale) })
    : t('metrics.anomaly.ratio', { figure, ratio: formatRatio(a.ratio) })
}

/** The band behind a summary, for the tooltip. */
export function anomalyDetail(t: T, locale: string, a: FigureAnomaly, weeks: number): string {
  const text = (v: number): string => figureText(t, a.figure, v, locale)
  return t('metrics.anomaly.detail', {
    figure: t(`metrics.anomaly.figure.${a.figure}`),
    value: text(a.value),
    weeks,
    lower: text(a.band.lower),
    upper: text(a.band.upper),
    mean: text(a.band.mean),
  })
}

/** Why a card has no usual-week comparison; undefined when it has one (or it is loading). */
export function anomalyNote(t: T, state: CardAnomalyState | undefined): string | undefined {
  if (!state) return undefined
  if (state.kind === 'insufficient') return t('metrics.anomaly.insufficient')
  if (state.kind !== 'unavailable') return undefined
  const message = state.failure ? failureMessage(t, state.failure) : t('metrics.anomaly.warning', { message: state.warnings.join('; ') })
  return t('metrics.anomaly.unavailable', { message })
}
