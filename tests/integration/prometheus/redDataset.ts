/**
 * Backfill data with figures known in advance. Every series grows linearly: at the i-th sample
 * (every STEP_S seconds) a bucket holds `offset + i * perStep[bucket]`, so `rate()` over any
 * window is exactly `perStep / STEP_S` and `histogram_quantile` can be computed by hand
 * (linear interpolation inside the bucket, as Prometheus does).
 */
import { OpenMetricsWriter, pastWindow, type Labels } from '../../support/prometheus'

export const STEP_S = 15

export interface HistogramSeries {
  labels: Labels
  /** Cumulative count added per step for each finite bound, then for +Inf (= calls per step). */
  perStep: number[]
  /** Value of every bucket/counter at the first sample (counters rarely start at 0). */
  offset?: number
}

export interface Dataset {
  /** Histogram family, e.g. `traces_span_metrics_duration_milliseconds`. */
  histogramFamily: string
  /** Separate calls counter family (spanmetrics), written as `<family>_total`; else `_count` counts. */
  counterFamily?: string
  bounds: number[]
  series: HistogramSeries[]
}

export const SPAN_BOUNDS_MS = [10, 50, 100, 250, 500, 1000]

const span = (service: string, name: string, kind: string, status: string): Labels => ({
  job: 'otel-collector',
  service_name: service,
  span_name: name,
  span_kind: `SPAN_KIND_${kind}`,
  status_code: `STATUS_CODE_${status}`,
})

/** A service name that breaks naive escaping: regex metachars, quotes, a backslash, non-ASCII. */
export const HOSTILE_SERVICE = 'pay.ments+ "β" \\d'
/** Would match HOSTILE_SERVICE's name used as an unescaped regex. */
export const DECOY_SERVICE = 'payXmentsss "β" 7'

export const spanmetricsSeries = {
  payOk: { labels: span('checkout', 'POST /pay', 'SERVER', 'UNSET'), perStep: [2, 8, 14, 18, 20, 21, 21], offset: 1000 },
  payError: { labels: span('checkout', 'POST /pay', 'SERVER', 'ERROR'), perStep: [0, 0, 1, 3, 5, 9, 9], offset: 7 },
  cartOk: { labels: span('checkout', 'GET /cart', 'SERVER', 'UNSET'), perStep: [10, 14, 15, 15, 15, 15, 15] },
  // Outgoing calls of checkout: must NOT count in its request rate or error ratio.
  chargeClientOk: { labels: span('checkout', 'charge', 'CLIENT', 'UNSET'), perStep: [0, 0, 0, 0, 0, 100, 150] },
  chargeClientError: { labels: span('checkout', 'charge', 'CLIENT', 'ERROR'), perStep: [0, 0, 0, 0, 0, 0, 75] },
  itemsOk: { labels: span('catalog', 'GET /items', 'SERVER', 'UNSET'), perStep: [20, 25, 28, 29, 30, 30, 30] },
  // Series exist, nothing happens: rate 0, error ratio and latency "no data".
  healthIdle: { labels: span('idle', 'GET /health', 'SERVER', 'UNSET'), perStep: [0, 0, 0, 0, 0, 0, 0], offset: 5 },
  hostileOk: { labels: span(HOSTILE_SERVICE, 'authorise "card"', 'SERVER', 'UNSET'), perStep: [1, 5, 10, 15, 15, 15, 15] },
  hostileError: { labels: span(HOSTILE_SERVICE, 'authorise "card"', 'SERVER', 'ERROR'), perStep: [0, 0, 0, 0, 5, 10, 15] },
  decoyOk: { labels: span(DECOY_SERVICE, 'x', 'SERVER', 'UNSET'), perStep: [15, 15, 15, 15, 15, 15, 15] },
} satisfies Record<string, HistogramSeries>

export const spanmetricsDataset: Dataset = {
  histogramFamily: 'traces_span_metrics_duration_milliseconds',
  counterFamily: 'traces_span_metrics_calls',
  bounds: SPAN_BOUNDS_MS,
  series: Object.values(spanmetricsSeries),
}

export const HTTP_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]

const http = (job: string, route: string, method: string, code: string): Labels => ({
  job,
  instance: `${job}:9464`,
  http_route: route,
  http_request_method: method,
  http_response_status_code: code,
})

export const otelHttpSeries = {
  pay200: { labels: http('checkout-api', '/pay', 'POST', '200'), perStep: [0, 3, 10, 20, 25, 28, 30, 30, 30] },
  pay500: { labels: http('checkout-api', '/pay', 'POST', '500'), perStep: [0, 0, 0, 0, 0, 0, 5, 15, 15] },
  // 4xx is the client's fault: traffic, not an error.
  cart404: { labels: http('checkout-api', '/cart', 'GET', '404'), perStep: [15, 15, 15, 15, 15, 15, 15, 15, 15] },
  items200: { labels: http('catalog-api', '/items', 'GET', '200'), perStep: [30, 30, 30, 30, 30, 30, 30, 30, 30] },
  healthIdle: { labels: http('idle-api', '/health', 'GET', '200'), perStep: [0, 0, 0, 0, 0, 0, 0, 0, 0], offset: 3 },
} satisfies Record<string, HistogramSeries>

export const otelHttpDataset: Dataset = {
  histogramFamily: 'http_server_request_duration_seconds',
  bounds: HTTP_BOUNDS_S,
  series: Object.values(otelHttpSeries),
}

/** Appends a dataset to `writer` at `times`. */
export function writeDataset(writer: OpenMetricsWriter, dataset: Dataset, times: readonly number[]): void {
  for (const s of dataset.series) {
    const offset = s.offset ?? 0
    const calls = s.perStep.at(-1) ?? 0
    writer.histogram(
      dataset.histogramFamily,
      s.labels,
      times.map((timeS, i) => ({
        timeS,
        buckets: [...dataset.bounds, Infinity].map((le, b): [number, number] => [le, offset + i * (s.perStep[b] ?? 0)]),
        count: offset + i * calls,
        sum: offset + i * calls * 0.1,
      })),
    )
    if (dataset.counterFamily) {
      writer.counter(dataset.counterFamily, s.labels, times.map((t, i): [number, number] => [t, offset + i * calls]))
    }
  }
}

/** One hour of both datasets, ending two hours ago (blocks must never end in the future). */
export function buildRedBackfill(): { openMetrics: string; startS: number; endS: number } {
  const window = pastWindow({ durationS: 3600, stepS: STEP_S })
  const writer = new OpenMetricsWriter()
  writeDataset(writer, spanmetricsDataset, window.times)
  writeDataset(writer, otelHttpDataset, window.times)
  return { openMetrics: writer.toString(), startS: window.startS, endS: window.endS }
}

/** Requests per second of some series. */
export function ratePerS(series: readonly HistogramSeries[]): number {
  return series.reduce((acc, s) => acc + (s.perStep.at(-1) ?? 0), 0) / STEP_S
}

/**
 * Prometheus' histogram_quantile (promql/quantile.go, bucketQuantile) on summed per-step
 * counts, written out independently as the reference: linear interpolation inside the bucket
 * where the rank falls, from 0 for the first bucket; NaN with no observations.
 */
export function expectedQuantile(q: number, bounds: readonly number[], series: readonly HistogramSeries[]): number {
  const cumulative = [...bounds, Infinity].map((_, b) => series.reduce((acc, s) => acc + (s.perStep[b] ?? 0), 0) / STEP_S)
  const total = cumulative.at(-1) ?? 0
  if (total === 0) return NaN
  const rank = q * total
  const b = cumulative.findIndex((c) => c >= rank)
  if (b === cumulative.length - 1) return bounds.at(-1) ?? NaN
  const upper = bounds[b] ?? NaN
  const lower = b === 0 ? 0 : (bounds[b - 1] ?? NaN)
  const below = b === 0 ? 0 : (cumulative[b - 1] ?? 0)
  return lower + (upper - lower) * ((rank - below) / ((cumulative[b] ?? 0) - below))
}
