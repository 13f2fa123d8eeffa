import { parseUserTraceId } from '../../domain/ids'
import type { TraceSummary } from '../../domain/trace'
import { BackendRequestError } from '../errors'
import { HTML_INSTEAD_OF_JSON } from '../httpClient'

/**
 * Validates a trace id before it goes into a URL path (FAULTS.md: `*`, `a OR 1:1` or 33 hex
 * digits never reach a backend). Throws a typed error naming the problem.
 */
export function requireTraceId(backend: string, traceId: string): string {
  const id = parseUserTraceId(traceId)
  if (id === undefined) {
    throw new BackendRequestError({
      kind: 'invalidInput',
      backend,
      message: `"${traceId.slice(0, 80)}" is not a trace id (expected 16 or 32 hex digits)`,
    })
  }
  return id
}

/** A 404 answer: Zipkin's plain-text "not found", Jaeger's `{errors: [{code: 404}]}` or v3 `{error}`. */
export function isNotFound(e: unknown): boolean {
  if (!(e instanceof BackendRequestError)) return false
  const f = e.failure
  return (f.kind === 'http' || f.kind === 'backendError') && f.status === 404
}

/**
 * The server has no such endpoint: a 404, or — Jaeger's query service serves its UI's
 * `index.html` with 200 for every path it does not route — an HTML page instead of JSON.
 */
export function isMissingEndpoint(e: unknown): boolean {
  if (isNotFound(e)) return true
  return e instanceof BackendRequestError && e.failure.kind === 'badResponse' && e.failure.message === HTML_INSTEAD_OF_JSON
}

/** Search results newest first, as every trace UI lists them (Jaeger answers in storage order). */
export function newestFirst(traces: TraceSummary[]): TraceSummary[] {
  return traces.sort((a, b) => b.startUs - a.startUs)
}

/** Names sorted once here (Jaeger lists services and operations in map order). */
export function sortedNames(names: readonly string[]): string[] {
  return [...names].sort()
}

export function sortedOperations<T extends { name: string }>(ops: T[]): T[] {
  return ops.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Error message of a failure, for matching the few answers whose text matters. */
export function failureMessage(e: unknown): string {
  if (!(e instanceof BackendRequestError)) return ''
  const f = e.failure
  return f.kind === 'http' || f.kind === 'backendError' ? f.message : ''
}
