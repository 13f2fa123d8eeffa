/**
 * Loads the service page's panels. Each loader is one panel, so one failing panel never
 * blanks another (FAULTS.md: per-panel isolation). Plain async code: `useMetricsServicePanels`
 * owns state, polling and cancellation.
 */
import { chooseStep, settledEndS } from '@/domain/metrics/chooseStep'
import type { OperationRed } from '@/domain/metrics/mergeRed'
import type { RedPreset } from '@/domain/metrics/redPresets'
import { buildStatusMix, type StatusMix } from '@/domain/metrics/statusMix'
import { statusMixQuery } from '@/domain/metrics/statusMixQuery'
import { buildBreakdown, type Breakdown } from '@/domain/metricsViews/breakdownRows'
import { chartLines, exemplarPoints, type ChartLine, type ExemplarPoint } from '@/domain/metricsViews/chartSeries'
import {
  breakdownCandidates,
  breakdownSharesQuery,
  chartQuery,
  chartRateWindow,
  exemplarSelector,
  rangeWindow,
  requestSelector,
  type OverlayOffset,
  type ServiceScope,
} from '@/domain/metricsViews/serviceQueries'
import { errorTraceTags, recentErrorTraces, slowestTraces } from '@/domain/metricsViews/traceLists'
import type { TraceSummary } from '@/domain/trace'
import { resolveRange, type TimeRange } from '@/domain/time/timeRange'
import { fetchOperationRed } from '@/services/prometheus/fetchRed'
import type { PrometheusClient } from '@/services/prometheus/prometheusClient'
import type { TraceBackend } from '@/services/traces'

export interface ServicePageInput extends ServiceScope {
  range: TimeRange
  overlay: OverlayOffset | undefined
  /** The business breakdown label asked for (`?by=`); a default is chosen when undefined. */
  breakdownLabel: string | undefined
}

interface PanelWindow {
  startS: number
  endS: number
  /** Rate window covering the whole range. */
  window: string
  /** Evaluation time of instant panels; undefined = the server's now (relative ranges). */
  timeS: number | undefined
}

/** The time window of a range at `nowMs`. */
export function panelWindow(range: TimeRange, nowMs: number): PanelWindow {
  const { fromMs, toMs } = resolveRange(range, nowMs)
  return {
    startS: Math.floor(fromMs / 1000),
    endS: Math.floor(toMs / 1000),
    window: rangeWindow(toMs - fromMs),
    timeS: range.kind === 'absolute' ? Math.floor(toMs / 1000) : undefined,
  }
}

function scopeOf(input: ServiceScope): ServiceScope {
  return input.operation ? { service: input.service, operation: input.operation } : { service: input.service }
}

export interface ServiceCharts {
  rate: ChartLine[]
  errorRatio: ChartLine[]
  latency: ChartLine[]
  startS: number
  endS: number
  stepS: number
  warnings: string[]
}

/** Rate, error ratio and p50/p95/p99 over the range, each with its overlay: three requests. */
export async function loadServiceCharts(
  client: PrometheusClient,
  preset: RedPreset,
  input: ServicePageInput,
  nowMs: number,
  signal?: AbortSignal,
): Promise<ServiceCharts> {
  const w = panelWindow(input.range, nowMs)
  const startS = w.startS
  // The newest step's window is still filling: it is never asked, so never drawn as a fall.
  const endS = settledEndS(startS, w.endS, Math.floor(nowMs / 1000))
  // The client picks its grid from the same start and end, so this is the step it will use.
  const window = chartRateWindow(chooseStep(startS, endS).stepS)
  const scope = scopeOf(input)
  const kinds = ['rate', 'errorRatio', 'latency'] as const
  const [rate, errorRatio, latency] = await Promise.all(
    kinds.map((k) => client.queryRange(chartQuery(preset, k, scope, window, input.overlay), { startS, endS }, signal)),
  )
  if (!rate || !errorRatio || !latency) throw new Error('missing chart answer')
  return {
    rate: chartLines(rate.data, ['now', 'prev'], rate),
    errorRatio: chartLines(errorRatio.data, ['now', 'prev'], errorRatio),
    latency: chartLines(latency.data, ['p50', 'p95', 'p99', 'p95_prev'], latency),
    startS: rate.startS,
    endS: rate.endS,
    stepS: rate.stepS,
    warnings: [...new Set([...rate.warnings, ...errorRatio.warnings, ...latency.warnings])],
  }
}

export interface OperationsPanel {
  rows: OperationRed[]
  warnings: string[]
}

/** RED figures of every operation of the service over the whole range (five requests). */
export async function loadOperations(client: PrometheusClient, preset: RedPreset, input: ServicePageInput, nowMs: number, signal?: AbortSignal): Promise<OperationsPanel> {
  const w = panelWindow(input.range, nowMs)
  const r = await fetchOperationRed(client, preset, input.service, { window: w.window, ...(w.timeS === undefined ? {} : { timeS: w.timeS }) }, signal)
  return { rows: r.data, warnings: r.warnings }
}

export interface BreakdownPanel {
  label: string | undefined
  /** Labels the request counter of this service carries, for the picker. */
  candidates: string[]
  breakdown: Breakdown | undefined
  warnings: string[]
}

/** Label names tried, in order, when the URL does not name a business breakdown label. */
export const DEFAULT_BREAKDOWN_LABELS = ['tenant', 'tenant_id', 'customer', 'customer_id', 'client_id', 'organization', 'org', 'region']

/** Calls and errors split by one label (one request). */
export async function loadBreakdown(
  client: PrometheusClient,
  preset: RedPreset,
  input: ServicePageInput,
  label: string,
  nowMs: number,
  signal?: AbortSignal,
): Promise<{ breakdown: Breakdown; warnings: string[] }> {
  const w = panelWindow(input.range, nowMs)
  const r = await client.queryVector(breakdownSharesQuery(preset, scopeOf(input), label, w.window), w.timeS === undefined ? {} : { timeS: w.timeS }, signal)
  return { breakdown: buildBreakdown(r.data, label), warnings: r.warnings }
}

export interface StatusMixPanel {
  mix: StatusMix
  warnings: string[]
}

/** The HTTP status mix (or the span status when that is all there is): one request. */
export async function loadStatusMix(client: PrometheusClient, preset: RedPreset, input: ServicePageInput, nowMs: number, signal?: AbortSignal): Promise<StatusMixPanel> {
  const w = panelWindow(input.range, nowMs)
  const r = await client.queryVector(statusMixQuery(preset, scopeOf(input), w.window), w.timeS === undefined ? {} : { timeS: w.timeS }, signal)
  return { mix: buildStatusMix(r.data, preset), warnings: r.warnings }
}

/**
 * The business breakdown: which labels the service's request counter carries (one request),
 * then the shares by the chosen one (one more). A label the metrics do not carry is not asked.
 */
export async function loadBusinessBreakdown(
  client: PrometheusClient,
  preset: RedPreset,
  input: ServicePageInput,
  nowMs: number,
  signal?: AbortSignal,
): Promise<BreakdownPanel> {
  const w = panelWindow(input.range, nowMs)
  const labels = await client.labels({ match: [requestSelector(preset, scopeOf(input))], startS: w.startS, endS: w.endS }, signal)
  const candidates = breakdownCandidates(preset, labels.data)
  const wanted = input.breakdownLabel
  const label = wanted !== undefined ? (candidates.includes(wanted) ? wanted : undefined) : DEFAULT_BREAKDOWN_LABELS.find((l) => candidates.includes(l))
  if (label === undefined) return { label, candidates, breakdown: undefined, warnings: labels.warnings }
  const shares = await loadBreakdown(client, preset, input, label, nowMs, signal)
  return { label, candidates, breakdown: shares.breakdown, warnings: [...labels.warnings, ...shares.warnings] }
}

/** Exemplars of the latency histogram (needs Prometheus' exemplar storage; empty otherwise). */
export async function loadExemplars(client: PrometheusClient, preset: RedPreset, input: ServicePageInput, nowMs: number, signal?: AbortSignal): Promise<ExemplarPoint[]> {
  const w = panelWindow(input.range, nowMs)
  const r = await client.exemplars(exemplarSelector(preset, scopeOf(input)), { startS: w.startS, endS: w.endS }, signal)
  return exemplarPoints(r.data, preset.latencyUnit)
}

export interface ServiceTraces {
  errors: TraceSummary[]
  slowest: TraceSummary[]
  warnings: string[]
}

export const TRACE_LIST_LENGTH = 8

/** Recent error traces and the slowest traces of the service in the range (two searches). */
export async function loadServiceTraces(traces: TraceBackend, input: ServicePageInput, nowMs: number, signal?: AbortSignal): Promise<ServiceTraces> {
  const { fromMs, toMs } = resolveRange(input.range, nowMs)
  const base = { service: input.service, startMs: fromMs, endMs: toMs, ...(input.operation ? { operation: input.operation } : {}) }
  const [errors, recent] = await Promise.all([
    traces.searchTraces({ ...base, tags: errorTraceTags(traces.kind), limit: 50 }, signal),
    traces.searchTraces({ ...base, limit: 100 }, signal),
  ])
  return {
    // Error spans may be missing from the tag search on some backends: the plain list counts too.
    errors: recentErrorTraces(dedupe([...errors.traces, ...recent.traces]), TRACE_LIST_LENGTH),
    slowest: slowestTraces(recent.traces, TRACE_LIST_LENGTH),
    warnings: [...errors.warnings, ...recent.warnings],
  }
}

function dedupe(list: TraceSummary[]): TraceSummary[] {
  const seen = new Map<string, TraceSummary>()
  for (const t of list) if (!seen.has(t.traceId)) seen.set(t.traceId, t)
  return [...seen.values()]
}

