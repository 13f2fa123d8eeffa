/**
 * Typed client of the Prometheus HTTP API (also spoken by VictoriaMetrics, Thanos and Mimir).
 * All HTTP goes through `HttpClient` (src/services/http.ts), which validates with the schemas
 * passed here and maps `{status: "error", errorType, error}` answers (400 bad_data,
 * 422 execution, 503 timeout, ...) to a `backendError` failure.
 */
import type { z } from 'zod'
import { BackendRequestError } from '../errors'
import { pathSegment, type HttpClient, type QueryValue } from '../http'
import { chooseStep, type StepOptions } from '@/domain/metrics/chooseStep'
import type {
  Alert,
  BuildInfo,
  ExemplarSeries,
  InstantVector,
  Labels,
  MetricsResult,
  QueryData,
  RangeQueryResult,
  RuleGroup,
} from '@/domain/metrics/types'
import {
  alertsDataSchema,
  buildInfoSchema,
  envelopeSchema,
  exemplarsDataSchema,
  queryDataSchema,
  rulesDataSchema,
  seriesListSchema,
  stringListSchema,
} from './schemas'

/**
 * Above this many URL-encoded parameter characters a read is sent as a form-encoded POST
 * (the API accepts both): proxies and servers commonly cap URLs around 2-8 KiB, and a PromQL
 * query filtered to many escaped service names gets there quickly.
 */
export const MAX_GET_PARAMS_CHARS = 1500

export interface InstantQueryOptions {
  /** Evaluation time, Unix seconds; the server's "now" when omitted. */
  timeS?: number
  /** Server-side evaluation timeout, seconds (capped by the server's -query.timeout). */
  timeoutS?: number
}

export interface RangeQueryOptions extends StepOptions {
  startS: number
  endS: number
  timeoutS?: number
}

export interface MetadataOptions {
  startS?: number
  endS?: number
  /** Series selectors (`match[]`) restricting where names/values are read from. */
  match?: readonly string[]
}

export interface PrometheusClient {
  /** `/api/v1/query`: every result type. */
  query(expr: string, options?: InstantQueryOptions, signal?: AbortSignal): Promise<MetricsResult<QueryData>>
  /** `/api/v1/query` expecting an instant vector (a scalar becomes one unlabelled sample). */
  queryVector(expr: string, options?: InstantQueryOptions, signal?: AbortSignal): Promise<MetricsResult<InstantVector>>
  /** `/api/v1/query_range` with a step from `chooseStep` and start/end aligned to it. */
  queryRange(expr: string, options: RangeQueryOptions, signal?: AbortSignal): Promise<RangeQueryResult>
  /** `/api/v1/labels`. */
  labels(options?: MetadataOptions, signal?: AbortSignal): Promise<MetricsResult<string[]>>
  /** `/api/v1/label/<name>/values`. */
  labelValues(name: string, options?: MetadataOptions, signal?: AbortSignal): Promise<MetricsResult<string[]>>
  /** `/api/v1/series` for one or more `match[]` selectors. */
  series(match: readonly string[], options?: Omit<MetadataOptions, 'match'>, signal?: AbortSignal): Promise<MetricsResult<Labels[]>>
  /** `/api/v1/alerts`: active (pending and firing) alerts. */
  alerts(signal?: AbortSignal): Promise<MetricsResult<Alert[]>>
  /** `/api/v1/rules`, optionally only alerting or recording rules. */
  rules(options?: { type?: 'alert' | 'record' }, signal?: AbortSignal): Promise<MetricsResult<RuleGroup[]>>
  /** `/api/v1/query_exemplars` (needs `--enable-feature=exemplar-storage` on Prometheus). */
  exemplars(expr: string, options: { startS: number; endS: number }, signal?: AbortSignal): Promise<MetricsResult<ExemplarSeries[]>>
  /** `/api/v1/status/buildinfo`. */
  buildInfo(signal?: AbortSignal): Promise<MetricsResult<BuildInfo>>
}

type Params = Record<string, QueryValue>

function toForm(params: Params): URLSearchParams {
  const form = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value as readonly (string | number)[]) form.append(key, String(v))
    else form.append(key, String(value))
  }
  return form
}

function unwrap<T>(body: { data: T; warnings?: string[] | null; infos?: string[] | null }): MetricsResult<T> {
  const warnings = body.warnings ?? []
  return { data: body.data, partial: warnings.length > 0, warnings, infos: body.infos ?? [] }
}

/** Creates the Prometheus client on top of an `HttpClient` made for the metrics backend. */
export function createPrometheusClient(http: HttpClient): PrometheusClient {
  /** GET, or a form POST when the parameters are long and the endpoint accepts POST. */
  async function read<S extends z.ZodType>(
    path: string,
    params: Params,
    data: S,
    signal: AbortSignal | undefined,
    postAllowed = true,
  ): Promise<MetricsResult<z.output<S>>> {
    const form = toForm(params)
    const schema = envelopeSchema(data)
    const body =
      postAllowed && form.toString().length > MAX_GET_PARAMS_CHARS
        ? await http.request({ method: 'POST', url: path, body: form, schema, signal, idempotent: true })
        : await http.request({ method: 'GET', url: path, params, schema, signal })
    return unwrap(body as { data: z.output<S>; warnings?: string[] | null; infos?: string[] | null })
  }

  function unexpected(resultType: string, expected: string): BackendRequestError {
    return new BackendRequestError({
      kind: 'badResponse',
      backend: http.backend,
      path: 'data.resultType',
      message: `expected ${expected}, got ${resultType}`,
    })
  }

  const query: PrometheusClient['query'] = (expr, options = {}, signal) =>
    read('/api/v1/query', { query: expr, time: options.timeS, timeout: options.timeoutS }, queryDataSchema, signal)

  return {
    query,

    async queryVector(expr, options, signal) {
      const result = await query(expr, options, signal)
      const d = result.data
      if (d.resultType === 'vector') return { ...result, data: d.vector }
      if (d.resultType === 'scalar') return { ...result, data: [{ labels: {}, value: d.value, timeS: d.timeS }] }
      throw unexpected(d.resultType, 'a vector')
    },

    async queryRange(expr, options, signal) {
      const range = chooseStep(options.startS, options.endS, options)
      const params = { query: expr, start: range.startS, end: range.endS, step: range.stepS, timeout: options.timeoutS }
      const result = await read('/api/v1/query_range', params, queryDataSchema, signal)
      if (result.data.resultType !== 'matrix') throw unexpected(result.data.resultType, 'a matrix')
      return { ...result, data: result.data.matrix, startS: range.startS, endS: range.endS, stepS: range.stepS }
    },

    labels(options = {}, signal) {
      const params = { start: options.startS, end: options.endS, 'match[]': options.match }
      return read('/api/v1/labels', params, stringListSchema, signal)
    },

    labelValues(name, options = {}, signal) {
      const params = { start: options.startS, end: options.endS, 'match[]': options.match }
      // This endpoint is GET only (docs/querying/api.md): no POST fallback.
      return read(`/api/v1/label/${pathSegment(name)}/values`, params, stringListSchema, signal, false)
    },

    series(match, options = {}, signal) {
      if (match.length === 0) return Promise.reject(new Error('series() needs at least one match[] selector'))
      const params = { 'match[]': match, start: options.startS, end: options.endS }
      return read('/api/v1/series', params, seriesListSchema, signal)
    },

    alerts(signal) {
      return read('/api/v1/alerts', {}, alertsDataSchema, signal)
    },

    rules(options = {}, signal) {
      return read('/api/v1/rules', { type: options.type }, rulesDataSchema, signal)
    },

    exemplars(expr, options, signal) {
      const params = { query: expr, start: options.startS, end: options.endS }
      return read('/api/v1/query_exemplars', params, exemplarsDataSchema, signal)
    },

    buildInfo(signal) {
      return read('/api/v1/status/buildinfo', {}, buildInfoSchema, signal)
    },
  }
}
