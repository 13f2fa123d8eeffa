/**
 * Wire schemas of the Prometheus HTTP API (shared/contracts/specs/prometheus-http-api.md), parsing
 * straight into domain types. Loose about extra fields (VictoriaMetrics, Thanos and Mimir add
 * their own, newer Prometheus adds `infos`, `stats`), strict about what is read.
 */
import { z } from 'zod'
import { normaliseTraceId } from '@/domain/ids'
import { parseSampleValue } from '@/domain/metrics/parseSampleValue'
import type {
  Alert,
  AlertingRule,
  BuildInfo,
  ExemplarSeries,
  InstantSample,
  NativeHistogram,
  QueryData,
  RangeSeries,
  RecordingRule,
  RuleGroup,
} from '@/domain/metrics/types'

/** A sample value: a string such as "1.5", "NaN", "+Inf" (a bare number is tolerated). */
export const sampleValueSchema = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const value = parseSampleValue(raw)
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a sample value: ${JSON.stringify(raw)}` })
    return z.NEVER
  }
  return value
})

/** Unix seconds, float; a numeric string is tolerated. */
const timestampSchema = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)])

const labelsSchema = z.record(z.string(), z.string())

const pointSchema = z.tuple([timestampSchema, sampleValueSchema])

const nativeHistogramSchema = z
  .looseObject({
    count: sampleValueSchema,
    sum: sampleValueSchema,
    buckets: z.array(z.tuple([z.number(), sampleValueSchema, sampleValueSchema, sampleValueSchema])).optional(),
  })
  .transform(
    (h): NativeHistogram => ({
      count: h.count,
      sum: h.sum,
      buckets: (h.buckets ?? []).map(([boundaryRule, lower, upper, count]) => ({ boundaryRule, lower, upper, count })),
    }),
  )

const histogramPointSchema = z.tuple([timestampSchema, nativeHistogramSchema])

export const instantSampleSchema = z
  .looseObject({ metric: labelsSchema, value: pointSchema.optional(), histogram: histogramPointSchema.optional() })
  .refine((s) => s.value !== undefined || s.histogram !== undefined, { message: 'sample has neither value nor histogram' })
  .transform((s): InstantSample => {
    const sample: InstantSample = {
      labels: s.metric,
      timeS: s.value?.[0] ?? s.histogram?.[0] ?? NaN,
      value: s.value?.[1] ?? NaN,
    }
    if (s.histogram) sample.histogram = s.histogram[1]
    return sample
  })

export const rangeSeriesSchema = z
  .looseObject({
    metric: labelsSchema,
    values: z.array(pointSchema).optional(),
    histograms: z.array(histogramPointSchema).optional(),
  })
  .transform((s): RangeSeries => {
    const series: RangeSeries = { labels: s.metric, points: s.values ?? [] }
    if (s.histograms) series.histogramPoints = s.histograms
    return series
  })

/** Every entry a string: what `labelsSchema` accepts, read without copying. */
function isLabels(v: unknown): v is Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  for (const k in v) if (typeof (v as Record<string, unknown>)[k] !== 'string') return false
  return true
}

/**
 * The common vector read by hand: float samples with a numeric time and a string value. Anything
 * else (histograms, numeric strings, a bad value) is undefined and goes through the schema.
 */
function plainSamples(raw: unknown): InstantSample[] | undefined {
  if (!Array.isArray(raw)) return undefined
  const out = new Array<InstantSample>(raw.length)
  for (let i = 0; i < raw.length; i++) {
    const s: unknown = raw[i]
    if (typeof s !== 'object' || s === null) return undefined
    const { metric, value, histogram } = s as Record<string, unknown>
    if (histogram !== undefined || !Array.isArray(value) || value.length !== 2 || !isLabels(metric)) return undefined
    const [timeS, text]: unknown[] = value
    if (typeof timeS !== 'number' || typeof text !== 'string') return undefined
    const v = parseSampleValue(text)
    if (v === undefined) return undefined
    out[i] = { labels: metric, timeS, value: v }
  }
  return out
}

const instantSamplesSchema = z.array(instantSampleSchema)

/**
 * An instant vector's `result`. 12,000 samples (the SLO page's answers) cost ~20 ms through
 * zod and ~1 ms by hand, so well-formed float samples take `plainSamples`; anything else gets
 * the schema, with its exact first problem and path.
 */
export const instantVectorSchema = z.unknown().transform((raw, ctx): InstantSample[] => {
  const plain = plainSamples(raw)
  if (plain) return plain
  const parsed = instantSamplesSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: raw })
  return z.NEVER
})

/** `data` of `/api/v1/query` and `/api/v1/query_range`, by `resultType`. */
export const queryDataSchema = z
  .discriminatedUnion('resultType', [
    z.looseObject({ resultType: z.literal('vector'), result: instantVectorSchema }),
    z.looseObject({ resultType: z.literal('matrix'), result: z.array(rangeSeriesSchema) }),
    z.looseObject({ resultType: z.literal('scalar'), result: pointSchema }),
    z.looseObject({ resultType: z.literal('string'), result: z.tuple([timestampSchema, z.string()]) }),
  ])
  .transform((d): QueryData => {
    switch (d.resultType) {
      case 'vector':
        return { resultType: 'vector', vector: d.result }
      case 'matrix':
        return { resultType: 'matrix', matrix: d.result }
      case 'scalar':
        return { resultType: 'scalar', timeS: d.result[0], value: d.result[1] }
      case 'string':
        return { resultType: 'string', timeS: d.result[0], value: d.result[1] }
    }
  })

/** The success envelope around `data`; `warnings`/`infos` are optional and may be null. */
export function envelopeSchema<T extends z.ZodType>(data: T) {
  return z.looseObject({
    status: z.literal('success'),
    data,
    warnings: z.array(z.string()).nullish(),
    infos: z.array(z.string()).nullish(),
  })
}

export const stringListSchema = z.array(z.string()).nullable().transform((l) => l ?? [])

export const seriesListSchema = z.array(labelsSchema).nullable().transform((l) => l ?? [])

/** Go's zero time, sent for alerts that were never active. */
const GO_ZERO_TIME = /^0001-01-01T/

const activeAtSchema = z
  .string()
  .optional()
  .transform((s) => {
    if (s === undefined || GO_ZERO_TIME.test(s)) return undefined
    const ms = Date.parse(s)
    return Number.isNaN(ms) ? undefined : ms / 1000
  })

export const alertSchema = z
  .looseObject({
    labels: labelsSchema,
    annotations: labelsSchema.nullish(),
    state: z.string(),
    activeAt: activeAtSchema,
    value: sampleValueSchema.optional(),
  })
  .transform(
    (a): Alert => ({
      labels: a.labels,
      annotations: a.annotations ?? {},
      state: a.state,
      activeAtS: a.activeAt,
      value: a.value ?? NaN,
    }),
  )

export const alertsDataSchema = z
  .looseObject({ alerts: z.array(alertSchema).nullable() })
  .transform((d): Alert[] => d.alerts ?? [])

const alertingRuleSchema = z
  .looseObject({
    type: z.literal('alerting'),
    name: z.string(),
    query: z.string(),
    duration: z.number().optional(),
    labels: labelsSchema.nullish(),
    annotations: labelsSchema.nullish(),
    state: z.string().optional(),
    alerts: z.array(alertSchema).nullish(),
    health: z.string().optional(),
    lastError: z.string().optional(),
  })
  .transform(
    (r): AlertingRule => ({
      type: 'alerting',
      name: r.name,
      query: r.query,
      forS: r.duration ?? 0,
      labels: r.labels ?? {},
      annotations: r.annotations ?? {},
      state: r.state ?? 'unknown',
      alerts: r.alerts ?? [],
      health: r.health ?? 'unknown',
      lastError: r.lastError || undefined,
    }),
  )

const recordingRuleSchema = z
  .looseObject({
    type: z.literal('recording'),
    name: z.string(),
    query: z.string(),
    labels: labelsSchema.nullish(),
    health: z.string().optional(),
    lastError: z.string().optional(),
  })
  .transform(
    (r): RecordingRule => ({
      type: 'recording',
      name: r.name,
      query: r.query,
      labels: r.labels ?? {},
      health: r.health ?? 'unknown',
      lastError: r.lastError || undefined,
    }),
  )

const ruleGroupSchema = z
  .looseObject({
    name: z.string(),
    file: z.string().optional(),
    interval: z.number().optional(),
    rules: z.array(z.discriminatedUnion('type', [alertingRuleSchema, recordingRuleSchema])).nullable(),
  })
  .transform(
    (g): RuleGroup => ({ name: g.name, file: g.file ?? '', intervalS: g.interval ?? 0, rules: g.rules ?? [] }),
  )

export const rulesDataSchema = z
  .looseObject({ groups: z.array(ruleGroupSchema).nullable() })
  .transform((d): RuleGroup[] => d.groups ?? [])

// OTel exporters write `trace_id`; Jaeger/Zipkin-era client libraries used `traceID`/`traceId`.
const TRACE_ID_LABELS = ['trace_id', 'traceID', 'traceId']

const exemplarSchema = z
  .looseObject({ labels: labelsSchema, value: sampleValueSchema, timestamp: timestampSchema })
  .transform((e) => {
    const raw = TRACE_ID_LABELS.map((l) => e.labels[l]).find((v) => v !== undefined)
    return { labels: e.labels, value: e.value, timeS: e.timestamp, traceId: raw === undefined ? undefined : normaliseTraceId(raw) }
  })

export const exemplarsDataSchema = z
  .array(z.looseObject({ seriesLabels: labelsSchema, exemplars: z.array(exemplarSchema).nullable() }))
  .nullable()
  .transform((d): ExemplarSeries[] => (d ?? []).map((s) => ({ seriesLabels: s.seriesLabels, exemplars: s.exemplars ?? [] })))

export const buildInfoSchema = z
  .looseObject({
    version: z.string(),
    revision: z.string().optional(),
    branch: z.string().optional(),
    goVersion: z.string().optional(),
  })
  .transform((b): BuildInfo => ({ version: b.version, revision: b.revision, branch: b.branch, goVersion: b.goVersion }))
