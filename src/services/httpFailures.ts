import type { BackendFailure } from './errors'

export interface BackendErrorInfo {
  errorType: string
  message: string
}

/** A response with an error status, however it was fetched, as the typed failure. */
export function classifyStatus(
  status: number,
  statusText: string,
  retryAfter: string | undefined,
  raw: unknown,
  backend: string,
  extract: (body: unknown, status: number) => BackendErrorInfo | undefined,
): BackendFailure {
  if (status === 401) return { kind: 'unauthorized', backend, status: 401 }
  if (status === 403) return { kind: 'forbidden', backend, status: 403 }
  if (status === 429) return { kind: 'rateLimited', backend, retryAfterMs: parseRetryAfter(retryAfter) }
  let body: unknown = raw
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw)
    } catch {
      body = raw
    }
  }
  const info = extract(body, status)
  if (info) return { kind: 'backendError', backend, status, ...info }
  return { kind: 'http', backend, status, message: summariseErrorBody(body, statusText) }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function summariseErrorBody(body: unknown, statusText: string): string {
  if (typeof body === 'string') {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body)?.[1]
    if (title) return `HTML error page "${title.trim()}"`
    if (body.trimStart().startsWith('<')) return 'HTML error page'
    const line = body.trim().split('\n')[0] ?? ''
    return line.slice(0, 300) || statusText || 'no details'
  }
  return statusText || 'no details'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The engine's own reason behind an Elasticsearch/OpenSearch error: a refused query answers
 * `search_phase_execution_exception` "all shards failed", and what the user can act on
 * ("failed to parse date field [yesterday] …") is in `root_cause[0]` or the `caused_by` chain.
 */
function engineCause(error: Record<string, unknown>, reason: string): string | undefined {
  const root = Array.isArray(error.root_cause) ? error.root_cause[0] : undefined
  const cause = isRecord(root) ? root : isRecord(error.caused_by) ? error.caused_by : undefined
  if (!cause || typeof cause.reason !== 'string' || cause.reason === reason) return undefined
  return typeof cause.type === 'string' ? `${cause.type}: ${cause.reason}` : cause.reason
}

/** The error envelopes of the backends Traceboard speaks (see shared/design/BACKENDS.md). */
export function extractKnownBackendError(body: unknown): BackendErrorInfo | undefined {
  if (!isRecord(body)) return undefined
  // Prometheus: {status: "error", errorType, error}
  if (body.status === 'error' && typeof body.error === 'string') {
    return { errorType: typeof body.errorType === 'string' ? body.errorType : 'error', message: body.error }
  }
  // Elasticsearch / OpenSearch: {error: {type, reason, root_cause, caused_by}, status}; the
  // gateway's own refusals: {error: {type, message}} ("cannot reach logs" when a server is down).
  if (isRecord(body.error) && typeof body.error.type === 'string') {
    const { reason: r, message: m } = body.error
    const reason = typeof r === 'string' ? r : typeof m === 'string' ? m : body.error.type
    const cause = engineCause(body.error, reason)
    return { errorType: body.error.type, message: cause ? `${reason}: ${cause}` : reason }
  }
  // Jaeger v2 (/api/v3): {error: {httpCode, message}}
  if (isRecord(body.error) && typeof body.error.message === 'string') {
    return { errorType: String(body.error.httpCode ?? 'error'), message: body.error.message }
  }
  // Jaeger v1 query: {data: null, errors: [{code, msg}]}
  if (Array.isArray(body.errors) && body.errors.length > 0 && isRecord(body.errors[0])) {
    const first = body.errors[0]
    return { errorType: String(first.code ?? 'error'), message: typeof first.msg === 'string' ? first.msg : 'error' }
  }
  // grpc-gateway: {code, message}
  if (typeof body.message === 'string' && typeof body.code === 'number') {
    return { errorType: `grpc-${body.code}`, message: body.message }
  }
  return undefined
}

