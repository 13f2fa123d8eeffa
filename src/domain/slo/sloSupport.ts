/**
 * Which RED presets support which SLI (issue 14). Every preset has a request counter with an
 * error matcher and a classic latency histogram, so all support both kinds; latency depends on
 * the histogram actually being exported with classic `_bucket` series, which is checked against
 * Prometheus' `le` values at run time (`bucketProblem`), and these notes say when it is not.
 */
import type { PresetId } from '../metrics/presetIds'
import type { SloKind } from './sloDefinition'

export interface SliSupport {
  supported: boolean
  /** When it does not work out of the box, and why. */
  caveat?: string
}

const SPAN_HISTOGRAM =
  'only with the explicit-bucket histogram (the default); with `histogram: exponential` the connector exports native histograms, which have no le buckets'

export const SLI_SUPPORT: Readonly<Record<PresetId, Readonly<Record<SloKind, SliSupport>>>> = {
  spanmetrics: { availability: { supported: true }, latency: { supported: true, caveat: SPAN_HISTOGRAM } },
  'spanmetrics-legacy': { availability: { supported: true }, latency: { supported: true, caveat: SPAN_HISTOGRAM } },
  tempo: { availability: { supported: true }, latency: { supported: true, caveat: 'thresholds must be bounds of metrics_generator histogram_buckets (seconds)' } },
  'otel-http': {
    availability: { supported: true },
    latency: { supported: true, caveat: 'only with explicit-bucket aggregation (the SDK default); an exponential-histogram view exports no le buckets' },
  },
  'otel-http-legacy': { availability: { supported: true }, latency: { supported: true, caveat: 'as otel-http; bounds are milliseconds' } },
  micrometer: {
    availability: { supported: true },
    latency: {
      supported: true,
      caveat:
        'only with management.metrics.distribution.percentiles-histogram.http.server.requests=true or an slo bucket at the threshold (management.metrics.distribution.slo.http.server.requests=300ms): without them Micrometer exports no _bucket series',
    },
  },
  'prom-client': { availability: { supported: true }, latency: { supported: true, caveat: 'thresholds must be bounds of the histogram (default 5 ms … 10 s)' } },
}

export function sliSupport(preset: PresetId, kind: SloKind): SliSupport {
  return SLI_SUPPORT[preset][kind]
}

