/**
 * Which RED family a Prometheus has, from its metric names (`/api/v1/label/__name__/values`).
 * A family counts only when both its request counter and its latency buckets exist.
 */
import { RED_PRESETS, type PresetId } from './redPresets'

/**
 * Richest first. Span-derived metrics cover every traced service and non-HTTP operations (gRPC,
 * messaging) with span kinds; the stable OTel HTTP semconv comes before the legacy one because
 * SDKs migrating with `OTEL_SEMCONV_STABILITY_OPT_IN=http/dup` emit both; framework-specific
 * families last.
 */
export const PRESET_DETECTION_ORDER: readonly PresetId[] = [
  'spanmetrics',
  'tempo',
  'spanmetrics-legacy',
  'otel-http',
  'otel-http-legacy',
  'micrometer',
  'prom-client',
]

/** Metric names whose presence decides detection (useful to narrow the names request). */
export function detectionMetricNames(): string[] {
  return PRESET_DETECTION_ORDER.flatMap((id) => [RED_PRESETS[id].requestMetric, RED_PRESETS[id].latencyBucketMetric])
}

/** The richest preset whose metrics are all present; undefined when none is. */
export function detectPreset(metricNames: readonly string[]): PresetId | undefined {
  const names = new Set(metricNames)
  return PRESET_DETECTION_ORDER.find((id) => {
    const p = RED_PRESETS[id]
    return names.has(p.requestMetric) && names.has(p.latencyBucketMetric)
  })
}
