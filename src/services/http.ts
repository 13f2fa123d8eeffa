import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import type { ZodType } from 'zod'
import { BackendRequestError, type BackendFailure } from './errors'
import { logFailure } from './log'

export interface RetryPolicy {
  /** Further attempts after the first one. */
  retries: number
  baseDelayMs: number
  /** A Retry-After longer than this is not waited for: the caller gets `rateLimited` at once. */
  maxDelayMs: number
}

export interface BackendErrorInfo {
  errorType: string
  message: string
}

export interface HttpClientOptions {
  /** Name shown in every error ("prometheus", "zipkin", …). */
  backend: string
  baseURL?: string
  /** A host-supplied instance (auth headers, token refresh stay the host's). */
  instance?: AxiosInstance
  timeoutMs?: number
  retry?: Partial<RetryPolicy>
  /** Reads the backend's own error envelope; the default knows Prometheus, ES, Jaeger v1/v3. */
  extractBackendError?: (body: unknown, status: number) => BackendErrorInfo | undefined
  /** Injected in tests so backoff is instant and deterministic. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  random?: () => number
}

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]

export interface RequestSpec<T> {
  method?: 'GET' | 'POST'
  /** Path relative to the base URL, already URL-encoded per segment (see `pathSegment`). */
  url: string
  params?: Record<string, QueryValue>
  /** JSON body, or URLSearchParams for a form-encoded POST. */
  body?: unknown
  signal?: AbortSignal
  timeoutMs?: number
  schema: ZodType<T>
  /** Reads may be retried; defaults to true for GET. POST reads (`_search`, long PromQL) pass true. */
  idempotent?: boolean
  headers?: Record<string, string>
  /**
   * Statuses the caller expects and handles (Zipkin's 404 for an unknown trace, Jaeger v2's
   * 404 "No traces found"): still thrown, but not logged as failures.
   */
  quietStatuses?: readonly number[]
}

export interface HttpClient {
  readonly backend: string
  request<T>(spec: RequestSpec<T>): Promise<T>
}

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_RETRY: RetryPolicy = { retries: 2, baseDelayMs: 300, maxDelayMs: 10_000 }
const RETRYABLE_STATUS = new Set([429, 502, 503, 504])

/** Encodes one path segment (a trace id, a service name) so it can never add a path level. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value)
}

export function buildQueryString(params: Record<string, QueryValue> | undefined): string {
  if (!params) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) {
      for (const v of value as readonly (string | number)[]) search.append(key, String(v))
    } else {
      search.append(key, String(value))
    }
  }
  const s = search.toString()
  return s ? `?${s}` : ''
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const instance = options.instance ?? axios.create()
  const retry = { ...DEFAULT_RETRY, ...options.retry }
  const sleep = options.sleep ?? abortableSleep
  const random = options.random ?? Math.random
  const extract = options.extractBackendError ?? extractKnownBackendError
  const backend = options.backend

  async function attempt<T>(spec: RequestSpec<T>, timeoutMs: number): Promise<T> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onAbort = (): void => controller.abort()
    spec.signal?.addEventListener('abort', onAbort, { once: true })
    try {
      if (spec.signal?.aborted) throw new BackendRequestError({ kind: 'cancelled', backend })
      let response: AxiosResponse<string>
      try {
        response = await instance.request<string>({
          method: spec.method ?? 'GET',
          baseURL: options.baseURL,
          url: spec.url + buildQueryString(spec.params),
          data: spec.body,
          headers: {
            Accept: 'application/json',
            ...(spec.body instanceof URLSearchParams
              ? { 'Content-Type': 'application/x-www-form-urlencoded' }
              : spec.body !== undefined
                ? { 'Content-Type': 'application/json' }
                : {}),
            ...spec.headers,
          },
          signal: controller.signal,
          // Raw text: we parse JSON ourselves so an HTML page or a truncated body is an error
          // that names the backend, instead of a string silently passed on as "data".
          responseType: 'text',
          transformResponse: [(d: unknown) => d],
          timeout: 0,
        })
      } catch (e) {
        throw new BackendRequestError(classifyAxiosError(e, backend, timedOut, timeoutMs, extract))
      }
      return decode(response.data, spec.schema, backend)
    } finally {
      clearTimeout(timer)
      spec.signal?.removeEventListener('abort', onAbort)
    }
  }

  async function request<T>(spec: RequestSpec<T>): Promise<T> {
    const idempotent = spec.idempotent ?? (spec.method ?? 'GET') === 'GET'
    const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    for (let n = 0; ; n++) {
      try {
        return await attempt(spec, timeoutMs)
      } catch (e) {
        const failure = e instanceof BackendRequestError ? e.failure : undefined
        const delay = failure && idempotent && n < retry.retries ? retryDelay(failure, n) : undefined
        if (delay === undefined) {
          if (failure && failure.kind !== 'cancelled' && !isQuiet(failure, spec.quietStatuses)) logFailure(failure)
          throw e
        }
        try {
          await sleep(delay, spec.signal ?? new AbortController().signal)
        } catch {
          throw new BackendRequestError({ kind: 'cancelled', backend })
        }
      }
    }
  }

  /** Delay before the next try, or undefined when this failure must not be retried. */
  function retryDelay(f: BackendFailure, n: number): number | undefined {
    const status = f.kind === 'rateLimited' ? 429 : f.kind === 'http' || f.kind === 'backendError' ? f.status : undefined
    if (status === undefined || !RETRYABLE_STATUS.has(status)) return undefined
    if (f.kind === 'rateLimited' && f.retryAfterMs !== undefined) {
      return f.retryAfterMs <= retry.maxDelayMs ? f.retryAfterMs : undefined
    }
    // Full jitter (AWS architecture blog): spreads retries of many tabs hitting one backend.
    const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** n)
    return Math.round(random() * cap)
  }

  return { backend, request }
}

function isQuiet(f: BackendFailure, quiet: readonly number[] | undefined): boolean {
  return quiet !== undefined && (f.kind === 'http' || f.kind === 'backendError') && f.status !== undefined && quiet.includes(f.status)
}

function decode<T>(text: unknown, schema: ZodType<T>, backend: string): T {
  const body = parseJsonBody(text, backend)
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue ? formatPath(issue.path) : '$'
  throw new BackendRequestError({ kind: 'badResponse', backend, path, message: issue?.message ?? 'invalid payload' })
}

function parseJsonBody(text: unknown, backend: string): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch (e) {
    const trimmed = text.trimStart()
    const message = trimmed === ''
      ? 'empty body where JSON was expected'
      : trimmed.startsWith('<')
        ? 'an HTML page where JSON was expected (a proxy or login page?)'
        : `body is not valid JSON (truncated?): ${e instanceof Error ? e.message : String(e)}`
    throw new BackendRequestError({ kind: 'badResponse', backend, path: '$', message })
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '$'
}

function classifyAxiosError(
  e: unknown,
  backend: string,
  timedOut: boolean,
  timeoutMs: number,
  extract: (body: unknown, status: number) => BackendErrorInfo | undefined,
): BackendFailure {
  if (timedOut) return { kind: 'timeout', backend, timeoutMs }
  if (axios.isCancel(e)) return { kind: 'cancelled', backend }
  if (!axios.isAxiosError(e)) {
    return { kind: 'network', backend, message: e instanceof Error ? e.message : String(e) }
  }
  if (e.code === 'ERR_CANCELED') return { kind: 'cancelled', backend }
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return { kind: 'timeout', backend, timeoutMs }
  const res = e.response
  if (!res) return { kind: 'network', backend, message: e.message || 'network error' }
  const status = res.status
  if (status === 401) return { kind: 'unauthorized', backend, status: 401 }
  if (status === 403) return { kind: 'forbidden', backend, status: 403 }
  if (status === 429) {
    return { kind: 'rateLimited', backend, retryAfterMs: parseRetryAfter(headerValue(res.headers, 'retry-after')) }
  }
  const raw: unknown = res.data
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
  return { kind: 'http', backend, status, message: summariseErrorBody(body, res.statusText) }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (headers && typeof headers === 'object') {
    const h = headers as Record<string, unknown> & { get?: (n: string) => unknown }
    const v = typeof h.get === 'function' ? h.get(name) : h[name]
    if (typeof v === 'string') return v
    if (typeof v === 'number') return String(v)
  }
  return undefined
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

/** The error envelopes of the backends Traceboard speaks (see shared/design/BACKENDS.md). */
export function extractKnownBackendError(body: unknown): BackendErrorInfo | undefined {
  if (!isRecord(body)) return undefined
  // Prometheus: {status: "error", errorType, error}
  if (body.status === 'error' && typeof body.error === 'string') {
    return { errorType: typeof body.errorType === 'string' ? body.errorType : 'error', message: body.error }
  }
  // Elasticsearch / OpenSearch: {error: {type, reason, root_cause}, status}
  if (isRecord(body.error) && typeof body.error.type === 'string') {
    const reason = typeof body.error.reason === 'string' ? body.error.reason : body.error.type
    return { errorType: body.error.type, message: reason }
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

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'))
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(t)
      reject(new Error('aborted'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
