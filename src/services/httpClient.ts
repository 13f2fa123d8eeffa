import type { AxiosInstance } from 'axios'
import { BackendRequestError, type BackendFailure } from './errors'
import { logFailure } from './log'
import { formatPath } from './formatPath'

export { formatPath } from './formatPath'
import { classifyStatus, extractKnownBackendError, type BackendErrorInfo } from './httpFailures'

export { parseRetryAfter, extractKnownBackendError, type BackendErrorInfo } from './httpFailures'

export interface RetryPolicy {
  /** Further attempts after the first one. */
  retries: number
  baseDelayMs: number
  /** A Retry-After longer than this is not waited for: the caller gets `rateLimited` at once. */
  maxDelayMs: number
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
  /**
   * Offer `stream` (a GET read while it downloads, through `fetch`). Only for clients without a
   * host instance: the host's interceptors (auth, token refresh) exist only in its axios.
   */
  stream?: boolean
  /**
   * Sent with every request of this client (the host's auth headers for the worker's trace
   * requests, asked of its `traceHeaders` callback per request). A request's own headers win.
   */
  headers?: Record<string, string>
  /** Injected in tests so backoff is instant and deterministic. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  random?: () => number
}

/**
 * What a request's body is checked with: a zod schema, or a hand-written reader of the same
 * shape (the trace answers, read in the worker without zod). The first issue names the field.
 */
export interface BodySchema<T> {
  safeParse(body: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } }
}

type BodyFailure = { success: false; error: { issues: { path: readonly PropertyKey[]; message: string }[] } }

/** A hand-written schema's failure at `path`. */
export function bodyFailure(path: readonly PropertyKey[], message: string): BodyFailure {
  return { success: false, error: { issues: [{ path, message }] } }
}

/** The failure for a value of the wrong type, worded as zod words it: `Invalid input: expected array, received string`. */
export function bodyMismatch(path: readonly PropertyKey[], expected: string, received: unknown): BodyFailure {
  const kind = received === null ? 'null' : Array.isArray(received) ? 'array' : typeof received
  return bodyFailure(path, `Invalid input: expected ${expected}, received ${kind}`)
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
  schema: BodySchema<T>
  /** Reads may be retried; defaults to true for GET. POST reads (`_search`, long PromQL) pass true. */
  idempotent?: boolean
  headers?: Record<string, string>
  /**
   * Statuses the caller expects and handles (Zipkin's 404 for an unknown trace, Jaeger v2's
   * 404 "No traces found"): still thrown, but not logged as failures.
   */
  quietStatuses?: readonly number[]
  /**
   * The body may also be newline-delimited JSON (one value per line, as Jaeger v2's streamed
   * `/api/v3/traces` proposal sends): it is then handed to the schema as the array of values.
   */
  jsonLines?: boolean
}

/** Gets a JSON body piece by piece as it arrives; `end` gives the result or throws on bad JSON. */
export interface BodyReader<R> {
  write(piece: string): void
  end(): R
}

export interface StreamSpec<R> extends Pick<RequestSpec<R>, 'url' | 'params' | 'signal' | 'timeoutMs' | 'headers' | 'quietStatuses'> {
  /** A fresh reader for each attempt. */
  reader: () => BodyReader<R>
}

export interface HttpClient {
  readonly backend: string
  request<T>(spec: RequestSpec<T>): Promise<T>
  /**
   * A GET whose body is read while it downloads, so a 20 MB trace is mostly parsed by the time
   * its last byte arrives. Present only when the client was created with `stream: true`.
   */
  stream?<R>(spec: StreamSpec<R>): Promise<R>
}

/**
 * Sends one attempt of a request and gives its body as text, or throws the typed failure.
 * `http.ts` sends through axios (a host's instance keeps its interceptors), `fetchHttpClient.ts`
 * through `fetch` (the trace worker: no axios to download and evaluate there).
 */
export type Transport = (attempt: {
  method: 'GET' | 'POST'
  /** Path and query, relative to `baseURL`. */
  url: string
  baseURL: string | undefined
  body: unknown
  headers: Record<string, string>
  signal: AbortSignal
  timedOut: () => boolean
  timeoutMs: number
  callerSignal: AbortSignal | undefined
  extract: (body: unknown, status: number) => BackendErrorInfo | undefined
}) => Promise<unknown>

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

/** The client over a transport; see `createHttpClient` (axios) and `createFetchHttpClient`. */
export function createHttpClientWith(options: HttpClientOptions, send: Transport): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry }
  const sleep = options.sleep ?? abortableSleep
  const random = options.random ?? Math.random
  const extract = options.extractBackendError ?? extractKnownBackendError
  const backend = options.backend

  /**
   * Runs one attempt under its own signal, aborted by the caller's signal or by the timeout
   * (`timedOut()` tells which).
   */
  async function withDeadline<T>(
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    run: (signal: AbortSignal, timedOut: () => boolean) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, timeoutMs)
    const onAbort = (): void => controller.abort()
    callerSignal?.addEventListener('abort', onAbort, { once: true })
    try {
      if (callerSignal?.aborted) throw new BackendRequestError({ kind: 'cancelled', backend })
      return await run(controller.signal, () => timedOut)
    } finally {
      clearTimeout(timer)
      callerSignal?.removeEventListener('abort', onAbort)
    }
  }

  function attempt<T>(spec: RequestSpec<T>, timeoutMs: number): Promise<T> {
    return withDeadline(spec.signal, timeoutMs, async (signal, timedOut) => {
      const text = await send({
        method: spec.method ?? 'GET',
        url: spec.url + buildQueryString(spec.params),
        baseURL: options.baseURL,
        body: spec.body,
        headers: {
          Accept: 'application/json',
          ...(spec.body instanceof URLSearchParams
            ? { 'Content-Type': 'application/x-www-form-urlencoded' }
            : spec.body !== undefined
              ? { 'Content-Type': 'application/json' }
              : {}),
          ...options.headers,
          ...spec.headers,
        },
        signal,
        timedOut,
        timeoutMs,
        callerSignal: spec.signal,
        extract,
      })
      return decode(text, spec.schema, backend, spec.jsonLines ?? false)
    })
  }

  function attemptStream<R>(spec: StreamSpec<R>, timeoutMs: number): Promise<R> {
    return withDeadline(spec.signal, timeoutMs, (signal, timedOut) =>
      readStream({
        url: joinUrl(options.baseURL, spec.url + buildQueryString(spec.params)),
        headers: { Accept: 'application/json', ...options.headers, ...spec.headers },
        signal,
        reader: spec.reader(),
        backend,
        extract,
        failed: (e) => fetchFailure(e, backend, timedOut(), timeoutMs, spec.signal),
      }),
    )
  }

  /** Runs attempts until one succeeds or a failure must not be retried (then it is logged). */
  async function withRetries<R>(
    spec: { signal?: AbortSignal | undefined; quietStatuses?: readonly number[] | undefined },
    idempotent: boolean,
    attemptOnce: () => Promise<R>,
  ): Promise<R> {
    for (let n = 0; ; n++) {
      try {
        return await attemptOnce()
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

  function request<T>(spec: RequestSpec<T>): Promise<T> {
    const idempotent = spec.idempotent ?? (spec.method ?? 'GET') === 'GET'
    const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    return withRetries(spec, idempotent, () => attempt(spec, timeoutMs))
  }

  function stream<R>(spec: StreamSpec<R>): Promise<R> {
    const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS
    return withRetries(spec, true, () => attemptStream(spec, timeoutMs))
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

  return options.stream && !options.instance ? { backend, request, stream } : { backend, request }
}

function isQuiet(f: BackendFailure, quiet: readonly number[] | undefined): boolean {
  return quiet !== undefined && (f.kind === 'http' || f.kind === 'backendError') && f.status !== undefined && quiet.includes(f.status)
}

function decode<T>(text: unknown, schema: BodySchema<T>, backend: string, jsonLines: boolean): T {
  return checkBody(parseJsonBody(text, backend, jsonLines), schema, backend)
}

/** A parsed body checked against its schema; a mismatch is a bad response naming the field. */
export function checkBody<T>(body: unknown, schema: BodySchema<T>, backend: string): T {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue ? formatPath(issue.path) : '$'
  throw new BackendRequestError({ kind: 'badResponse', backend, path, message: issue?.message ?? 'invalid payload' })
}

function parseJsonBody(text: unknown, backend: string, jsonLines = false): unknown {
  if (typeof text !== 'string') return text
  try {
    return JSON.parse(text)
  } catch (e) {
    const values = jsonLines ? parseJsonLines(text) : undefined
    if (values) return values
    throw new BackendRequestError({ kind: 'badResponse', backend, path: '$', message: notJsonMessage(text, e) })
  }
}

/** Every non-blank line as one JSON value, or undefined when any line is not JSON. */
function parseJsonLines(text: string): unknown[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '')
  if (lines.length < 2) return undefined
  try {
    return lines.map((line) => JSON.parse(line) as unknown)
  } catch {
    return undefined
  }
}

/** The bad-response message for an HTML page (a login page, or a UI's catch-all route). */
export const HTML_INSTEAD_OF_JSON = 'an HTML page where JSON was expected (a proxy or login page?)'

/** Why a body could not be read as JSON, in words a user can act on. */
function notJsonMessage(text: string, e: unknown): string {
  const trimmed = text.trimStart()
  return trimmed === ''
    ? 'empty body where JSON was expected'
    : trimmed.startsWith('<')
      ? HTML_INSTEAD_OF_JSON
      : `body is not valid JSON (truncated?): ${e instanceof Error ? e.message : String(e)}`
}

/** What a `fetch` (or the read of its body) that threw means: timeout, cancelled or network. */
export function fetchFailure(e: unknown, backend: string, timedOut: boolean, timeoutMs: number, callerSignal: AbortSignal | undefined): BackendRequestError {
  return new BackendRequestError(
    timedOut
      ? { kind: 'timeout', backend, timeoutMs }
      : callerSignal?.aborted
        ? { kind: 'cancelled', backend }
        : { kind: 'network', backend, message: e instanceof Error ? e.message : String(e) },
  )
}

/** A fetch answered with an error status (its body read as `text`), as the typed failure. */
export function statusFailure(res: Response, text: string, backend: string, extract: (body: unknown, status: number) => BackendErrorInfo | undefined): BackendRequestError {
  return new BackendRequestError(classifyStatus(res.status, res.statusText, res.headers.get('retry-after') ?? undefined, text, backend, extract))
}

/** axios's rule for baseURL + url: exactly one slash between them. */
export function joinUrl(baseURL: string | undefined, url: string): string {
  return baseURL ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url
}

/**
 * The body of a fetch, decoded and handed to `reader` chunk by chunk. An error status is read
 * whole and classified as the axios path would; a body the reader rejects is a bad response.
 */
async function readStream<R>(req: {
  url: string
  headers: Record<string, string>
  signal: AbortSignal
  reader: BodyReader<R>
  backend: string
  extract: (body: unknown, status: number) => BackendErrorInfo | undefined
  /** The failure for a fetch or read that threw: timeout, cancelled or network. */
  failed: (e: unknown) => BackendRequestError
}): Promise<R> {
  const { url, headers, signal, reader, backend, extract, failed } = req
  let res: Response
  try {
    res = await fetch(url, { headers, signal })
  } catch (e) {
    throw failed(e)
  }
  if (!res.ok) {
    let text = ''
    try {
      text = await res.text()
    } catch (e) {
      throw failed(e)
    }
    throw statusFailure(res, text, backend, extract)
  }
  const decoder = new TextDecoder()
  // Enough of the start to say "empty" or "an HTML page" when the body is not JSON.
  let head = ''
  const write = (piece: string): void => {
    if (head.length < 256) head += piece.slice(0, 256)
    reader.write(piece)
  }
  try {
    const body = res.body?.getReader()
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array> | undefined
      try {
        chunk = await body?.read()
      } catch (e) {
        throw failed(e)
      }
      if (!chunk || chunk.done) break
      write(decoder.decode(chunk.value, { stream: true }))
    }
    write(decoder.decode())
    return reader.end()
  } catch (e) {
    if (e instanceof BackendRequestError) throw e
    const message = e instanceof SyntaxError ? notJsonMessage(head, e) : e instanceof Error ? e.message : String(e)
    throw new BackendRequestError({ kind: 'badResponse', backend, path: '$', message })
  }
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
