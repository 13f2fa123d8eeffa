import { flattenPlan } from '../model/requestPlan'
import { planRequest } from '../model/planRequest'
import type { ScenarioName } from '../model/scenarios'
import {
  HTTP_DURATION,
  HTTP_DURATION_BUCKETS_S,
  SPAN_CALLS,
  SPAN_CALLS_FAMILY,
  SPAN_DURATION,
  SPAN_DURATION_BUCKETS_MS,
} from '../metrics/metricNames'
import { factsFromPlan, httpMetricLabels, spanMetricLabels, type SpanFacts } from '../metrics/spanFacts'
import { deriveSeed, mulberry32 } from '../random'
import { dailyFactor } from './trafficShape'

export interface BackfillWindow {
  /** Sample timestamps, epoch seconds, strictly increasing. */
  times: readonly number[]
  /** Traffic multiplier for the whole window (last week: a little less). */
  scale: number
  /**
   * An incident already under way when the history ends: requests planned at or after `fromS`
   * follow `scenario` instead of steady traffic (the demo's `--incident-minutes`).
   */
  incident?: { scenario: ScenarioName; fromS: number }
  /** Requests simulated per step for this window (default: the options' `samplesPerStep`). */
  samplesPerStep?: number
}

/** A finer resolution over the last `lastS` seconds of a window. */
export interface ResolutionTier {
  lastS: number
  stepS: number
}

/**
 * Sample times from `startS` to `endS`: every `stepS`, and finer over the last hours as the
 * tiers say. Traceboard's charts use a rate window of max(60 s, 2 steps)
 * (metricsViews/serviceQueries `chartRateWindow`), so a 1-hour chart needs samples every
 * 15–30 s, a 3-hour chart every 60 s, longer ranges every 120 s or less.
 */
export function sampleTimes(startS: number, endS: number, stepS: number, tiers: readonly ResolutionTier[] = []): number[] {
  const stepAt = (t: number): number => {
    let step = stepS
    for (const tier of tiers) if (t >= endS - tier.lastS && tier.stepS < step) step = tier.stepS
    return step
  }
  const boundaries = tiers.map((tier) => endS - tier.lastS)
  const times: number[] = []
  for (let t = startS; t <= endS; ) {
    times.push(t)
    let next = t + stepAt(t)
    // Never step over the start of a finer tier.
    for (const b of boundaries) if (b > t && b < next) next = b
    t = next
  }
  return times
}

export interface BackfillOptions {
  seed: number
  /** Requests per second at the daily peak. */
  ratePerS: number
  /** Requests simulated per step; the step's request count is spread over them as integer weights. */
  samplesPerStep: number
  /** `instance` label (the demo's scrape config sets the same one on live targets). */
  instance: string
}

interface Histogram {
  labels: Record<string, string>
  buckets: readonly number[]
  /** Per step: counts per bucket (non-cumulative, last = +Inf overflow), sum, count. */
  perStep: Float64Array
}

interface Counter {
  labels: Record<string, string>
  perStep: Float64Array
}

/** Series of one window, incremented step by step and written cumulatively. */
class WindowSeries {
  readonly calls = new Map<string, Counter>()
  readonly spanDuration = new Map<string, Histogram>()
  readonly httpDuration = new Map<string, Histogram>()

  constructor(readonly steps: number) {}

  counter(labels: Record<string, string>): Counter {
    const key = labelKey(labels)
    let c = this.calls.get(key)
    if (!c) this.calls.set(key, (c = { labels, perStep: new Float64Array(this.steps) }))
    return c
  }

  histogram(map: Map<string, Histogram>, labels: Record<string, string>, buckets: readonly number[]): Histogram {
    const key = labelKey(labels)
    let h = map.get(key)
    if (!h) map.set(key, (h = { labels, buckets, perStep: new Float64Array(this.steps * (buckets.length + 3)) }))
    return h
  }
}

function labelKey(labels: Record<string, string>): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k] ?? ''}`).join('\u0000')
}

function observe(h: Histogram, step: number, value: number, weight: number): void {
  const width = h.buckets.length + 3
  let b = h.buckets.findIndex((le) => value <= le)
  if (b < 0) b = h.buckets.length
  const base = step * width
  h.perStep[base + b] = (h.perStep[base + b] ?? 0) + weight
  h.perStep[base + h.buckets.length + 1] = (h.perStep[base + h.buckets.length + 1] ?? 0) + value * weight
  h.perStep[base + h.buckets.length + 2] = (h.perStep[base + h.buckets.length + 2] ?? 0) + weight
}

/**
 * Simulates one window of history with the live simulator's own request planner (steady
 * scenario, or the window's incident from its start) and accumulates the same series the live `/metrics/<service>` endpoints expose.
 */
export function simulateWindow(window: BackfillWindow, options: BackfillOptions): WindowSeries {
  const times = window.times
  const steps = times.length
  const series = new WindowSeries(steps)
  const rng = mulberry32(deriveSeed(options.seed, `backfill-${times[0] ?? 0}`))
  const targets = new SeriesTargets(series, options.instance)
  for (let i = 0; i < steps; i++) {
    const endS = times[i] ?? 0
    const lengthS = i > 0 ? endS - (times[i - 1] ?? endS) : (times[1] ?? endS + 1) - endS
    const stepStartMs = (endS - lengthS) * 1000
    const expected = options.ratePerS * lengthS * window.scale * dailyFactor(stepStartMs)
    const requests = Math.max(0, Math.round(expected * (0.9 + 0.2 * rng())))
    const samples = Math.min(requests, window.samplesPerStep ?? options.samplesPerStep)
    for (let s = 0; s < samples; s++) {
      // Integer weights that add up to the step's request count: counters stay whole numbers.
      const weight = Math.floor(requests / samples) + (s < requests % samples ? 1 : 0)
      const startMs = stepStartMs + ((s + rng()) / samples) * lengthS * 1000
      const incident = window.incident
      const plan = planRequest(rng, incident && startMs >= incident.fromS * 1000 ? incident.scenario : 'steady', startMs)
      for (const span of flattenPlan(plan.root)) {
        const f = factsFromPlan(span)
        // A span counts at the first sample taken after it ended (a scrape sees finished spans).
        const step = firstSampleAtOrAfter(times, span.endMs / 1000, i)
        const target = targets.resolve(f)
        target.calls.perStep[step] = (target.calls.perStep[step] ?? 0) + weight
        observe(target.duration, step, f.durationMs, weight)
        if (target.http) observe(target.http, step, f.durationMs / 1000, weight)
      }
    }
  }
  return series
}

/** The series one span feeds, cached by a cheap key: label objects are built once per series. */
class SeriesTargets {
  private readonly cache = new Map<string, { calls: Counter; duration: Histogram; http: Histogram | undefined }>()

  constructor(private readonly series: WindowSeries, private readonly instance: string) {}

  resolve(f: SpanFacts): { calls: Counter; duration: Histogram; http: Histogram | undefined } {
    const key = `${f.service}\u0000${f.spanName}\u0000${f.kind}\u0000${f.status}\u0000${f.tenantId ?? ''}\u0000${f.http ? `${f.http.method} ${f.http.route} ${f.http.statusCode}` : ''}`
    let hit = this.cache.get(key)
    if (!hit) {
      const job = { job: f.service, instance: this.instance }
      const labels = { ...job, ...spanMetricLabels(f) }
      const http = httpMetricLabels(f)
      hit = {
        calls: this.series.counter(labels),
        duration: this.series.histogram(this.series.spanDuration, labels, SPAN_DURATION_BUCKETS_MS),
        http: http ? this.series.histogram(this.series.httpDuration, { ...job, ...http }, HTTP_DURATION_BUCKETS_S) : undefined,
      }
      this.cache.set(key, hit)
    }
    return hit
  }
}

function firstSampleAtOrAfter(times: readonly number[], tS: number, from: number): number {
  let i = from
  while (i < times.length - 1 && (times[i] ?? Infinity) < tS) i++
  return i
}

function labelText(labels: Record<string, string>, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`)
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`)
  return `{${parts.join(',')}}`
}

/** OpenMetrics label value escaping: backslash, double quote, newline. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6)
}

/**
 * Writes a window as OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`:
 * series by series, samples in time order (out-of-order samples are dropped silently),
 * counters and histogram buckets cumulative, timestamps in SECONDS (milliseconds would land
 * in the year 58,000), and the closing `# EOF` promtool insists on.
 */
export function writeOpenMetrics(series: WindowSeries, window: BackfillWindow, write: (chunk: string) => void): number {
  const ts = (i: number): number => window.times[i] ?? 0
  let samples = 0
  const cumulativeLines = (name: string, labels: string, values: (i: number) => number): void => {
    const lines: string[] = []
    for (let i = 0; i < series.steps; i++) lines.push(`${name}${labels} ${formatNumber(values(i))} ${ts(i)}\n`)
    samples += series.steps
    write(lines.join(''))
  }
  write(`# HELP ${SPAN_CALLS_FAMILY} Spans by service, name, kind and status (spanmetrics connector).\n# TYPE ${SPAN_CALLS_FAMILY} counter\n`)
  for (const c of series.calls.values()) {
    const running = cumulate(c.perStep)
    cumulativeLines(SPAN_CALLS, labelText(c.labels), (i) => running[i] ?? 0)
  }
  const histogramFamily = (name: string, help: string, map: Map<string, Histogram>): void => {
    write(`# HELP ${name} ${help}\n# TYPE ${name} histogram\n`)
    for (const h of map.values()) {
      const width = h.buckets.length + 3
      const column = (k: number): Float64Array => cumulate(Float64Array.from({ length: series.steps }, (_, i) => h.perStep[i * width + k] ?? 0))
      const perBucket = Array.from({ length: h.buckets.length + 1 }, (_, k) => column(k))
      // Buckets are cumulative over `le` as well as over time.
      for (let k = 0; k <= h.buckets.length; k++) {
        const le = k < h.buckets.length ? String(h.buckets[k]) : '+Inf'
        cumulativeLines(`${name}_bucket`, labelText(h.labels, ['le', le]), (i) => {
          let total = 0
          for (let j = 0; j <= k; j++) total += perBucket[j]?.[i] ?? 0
          return total
        })
      }
      const sums = column(h.buckets.length + 1)
      const counts = column(h.buckets.length + 2)
      cumulativeLines(`${name}_sum`, labelText(h.labels), (i) => sums[i] ?? 0)
      cumulativeLines(`${name}_count`, labelText(h.labels), (i) => counts[i] ?? 0)
    }
  }
  histogramFamily(SPAN_DURATION, 'Span duration in milliseconds (spanmetrics connector).', series.spanDuration)
  histogramFamily(HTTP_DURATION, 'Duration of HTTP server requests (OTel semconv http.server.request.duration).', series.httpDuration)
  write('# EOF\n')
  return samples
}

function cumulate(perStep: Float64Array): Float64Array {
  const out = new Float64Array(perStep.length)
  let total = 0
  for (let i = 0; i < perStep.length; i++) out[i] = total += perStep[i] ?? 0
  return out
}
