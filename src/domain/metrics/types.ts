/** Domain types for metrics, independent of the Prometheus wire format. */

export type Labels = Record<string, string>

/** A native histogram sample (Prometheus' `histogram` / `histograms` keys). */
export interface NativeHistogram {
  count: number
  sum: number
  buckets: NativeHistogramBucket[]
}

export interface NativeHistogramBucket {
  /** 0 open left, 1 open right, 2 open both, 3 closed both (Prometheus HTTP API docs). */
  boundaryRule: number
  lower: number
  upper: number
  count: number
}

/**
 * One series of an instant vector. `value` is NaN when the sample is a native histogram only
 * (then `histogram` holds it); NaN always means "no number", never 0.
 */
export interface InstantSample {
  labels: Labels
  value: number
  timeS: number
  histogram?: NativeHistogram
}

export type InstantVector = InstantSample[]

export type Point = [timeS: number, value: number]

export interface RangeSeries {
  labels: Labels
  points: Point[]
  /** Native histogram samples, when the series has some. */
  histogramPoints?: [timeS: number, histogram: NativeHistogram][]
}

export type RangeMatrix = RangeSeries[]

/** What `/api/v1/query` can answer, by `resultType`. */
export type QueryData =
  | { resultType: 'vector'; vector: InstantVector }
  | { resultType: 'matrix'; matrix: RangeMatrix }
  | { resultType: 'scalar'; timeS: number; value: number }
  | { resultType: 'string'; timeS: number; value: string }

/**
 * Any metrics answer. `partial` is true when the backend sent warnings alongside the data
 * (e.g. a Thanos store or a remote-read endpoint failed): the UI shows the data with a badge.
 * `infos` are Prometheus' info-level annotations ("might not be a counter"); they do not make
 * the data partial and are kept apart.
 */
export interface MetricsResult<T> {
  data: T
  partial: boolean
  warnings: string[]
  infos: string[]
}

/** A range query's result with the aligned range that was actually asked for. */
export interface RangeQueryResult extends MetricsResult<RangeMatrix> {
  startS: number
  endS: number
  stepS: number
}

export type AlertState = 'firing' | 'pending' | 'inactive'

export interface Alert {
  labels: Labels
  annotations: Labels
  /** Prometheus states; an unknown future state is passed through as a string. */
  state: AlertState | (string & {})
  /** Unix seconds when the alert became active; undefined when the server did not say. */
  activeAtS: number | undefined
  value: number
}

export interface AlertingRule {
  type: 'alerting'
  name: string
  query: string
  /** The `for:` duration, seconds. */
  forS: number
  labels: Labels
  annotations: Labels
  state: string
  alerts: Alert[]
  health: string
  lastError: string | undefined
}

export interface RecordingRule {
  type: 'recording'
  name: string
  query: string
  labels: Labels
  health: string
  lastError: string | undefined
}

export type Rule = AlertingRule | RecordingRule

export interface RuleGroup {
  name: string
  file: string
  intervalS: number
  rules: Rule[]
}

export interface Exemplar {
  labels: Labels
  value: number
  timeS: number
  /** Canonical trace id from `trace_id` / `traceID` / `traceId`, when present and valid hex. */
  traceId: string | undefined
}

export interface ExemplarSeries {
  seriesLabels: Labels
  exemplars: Exemplar[]
}

/** `/api/v1/status/buildinfo`: `version` is the only field every compatible server sends. */
export interface BuildInfo {
  version: string
  revision: string | undefined
  branch: string | undefined
  goVersion: string | undefined
}
