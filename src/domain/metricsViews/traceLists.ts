import type { TraceSummary } from '../trace'

/**
 * Tags that select traces with an error span. Zipkin tags an error span `error=<message>`, so
 * only the key can be asked for (annotationQuery `error`); Jaeger (v1 and v2) keeps OTel's
 * error status as the tag `error=true`.
 */
export function errorTraceTags(kind: string): Record<string, string> {
  return kind === 'zipkin' ? { error: '' } : { error: 'true' }
}

/** Traces with at least one error span, newest first. */
export function recentErrorTraces(traces: readonly TraceSummary[], limit: number): TraceSummary[] {
  return traces
    .filter((t) => t.errorCount > 0)
    .sort((a, b) => b.startUs - a.startUs)
    .slice(0, limit)
}

/** Slowest first. */
export function slowestTraces(traces: readonly TraceSummary[], limit: number): TraceSummary[] {
  return [...traces].sort((a, b) => b.durationUs - a.durationUs).slice(0, limit)
}
