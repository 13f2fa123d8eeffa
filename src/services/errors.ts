/**
 * Every failure a backend call can end in, as one typed union. Views and stores only ever see
 * these, never an AxiosError, so each panel can say exactly what went wrong with its backend.
 */
export type BackendFailure =
  | { kind: 'network'; backend: string; message: string }
  | { kind: 'timeout'; backend: string; timeoutMs: number }
  | { kind: 'cancelled'; backend: string }
  | { kind: 'http'; backend: string; status: number; message: string }
  | { kind: 'unauthorized'; backend: string; status: 401 }
  | { kind: 'forbidden'; backend: string; status: 403 }
  | { kind: 'rateLimited'; backend: string; retryAfterMs: number | undefined }
  | {
      kind: 'badResponse'
      backend: string
      /** Where the payload stopped matching the schema (`data.result[0].value`), or `$` for unparsable bodies. */
      path: string
      message: string
    }
  | {
      /** Refused before any request: the input (a trace id, a field name) cannot be sent. */
      kind: 'invalidInput'
      backend: string
      message: string
    }
  | {
      kind: 'backendError'
      backend: string
      status: number | undefined
      /** The backend's own error type: Prometheus `errorType`, Elasticsearch `error.type`, … */
      errorType: string
      message: string
    }

export type BackendFailureKind = BackendFailure['kind']

/** The one exception type the service layer throws; `failure` carries the typed detail. */
export class BackendRequestError extends Error {
  readonly failure: BackendFailure

  constructor(failure: BackendFailure) {
    super(describeFailure(failure))
    this.name = 'BackendRequestError'
    this.failure = failure
  }
}

export function isBackendRequestError(e: unknown): e is BackendRequestError {
  return e instanceof BackendRequestError
}

/**
 * Turns anything caught from a service call into a `BackendFailure`. Errors from outside the
 * service layer (a bug, say) become a `badResponse` so a panel still shows a message.
 */
export function toBackendFailure(e: unknown, backend = 'unknown'): BackendFailure {
  if (e instanceof BackendRequestError) return e.failure
  const message = e instanceof Error ? e.message : String(e)
  return { kind: 'badResponse', backend, path: '$', message }
}

/** Plain English for logs and tests; the UI translates by `kind` through i18n instead. */
export function describeFailure(f: BackendFailure): string {
  switch (f.kind) {
    case 'network':
      return `cannot reach ${f.backend}: ${f.message}`
    case 'timeout':
      return `${f.backend} did not answer within ${f.timeoutMs} ms`
    case 'cancelled':
      return `request to ${f.backend} was cancelled`
    case 'http':
      return `${f.backend} answered HTTP ${f.status}: ${f.message}`
    case 'unauthorized':
      return `not authorised for ${f.backend} (HTTP 401)`
    case 'forbidden':
      return `access to ${f.backend} is forbidden (HTTP 403)`
    case 'rateLimited':
      return `${f.backend} is rate limiting requests` +
        (f.retryAfterMs === undefined ? '' : ` (retry after ${Math.ceil(f.retryAfterMs / 1000)} s)`)
    case 'badResponse':
      return `${f.backend} sent an unexpected response at ${f.path}: ${f.message}`
    case 'invalidInput':
      return `not sent to ${f.backend}: ${f.message}`
    case 'backendError':
      return `${f.backend} error ${f.errorType}: ${f.message}`
  }
}
