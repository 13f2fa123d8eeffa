import { buildTrace, jaegerTraceStream, jaegerTraceToRaw, readJaegerTrace, type StreamedJaegerTrace, type Trace } from '../../domain/trace'
import { isRecord } from '../../domain/trace/formats/read'
import { BackendRequestError } from '../errors'
import { bodyMismatch, checkBody, pathSegment, type BodySchema, type HttpClient } from '../httpClient'
import { isNotFound, requireTraceId } from './traceRequests'

/** `errors` entries of Jaeger's `structuredResponse` (cmd/query/app/http_handler.go). */
export interface JaegerError {
  code?: number | undefined
  msg?: string | undefined
  traceID?: string | undefined
}

/** `/api/traces/{id}`: `{data: [trace], errors}`; `errors` beside `data` means a partial trace. */
export interface JaegerTraceAnswer {
  data?: unknown[] | null | undefined
  errors?: JaegerError[] | null | undefined
}

/**
 * The envelope of a trace answer, read by hand (not zod) so the trace worker needs no zod: as
 * `jaegerEnvelope(z.array(z.unknown()))` reads it — `data` must be a list (or null), `errors`
 * that are not a list of objects are dropped, fields of an error of the wrong type too.
 */
export const jaegerTraceAnswerSchema: BodySchema<JaegerTraceAnswer> = {
  safeParse(body) {
    if (!isRecord(body)) return bodyMismatch([], 'object', body)
    const { data, errors } = body
    if (data !== undefined && data !== null && !Array.isArray(data)) return bodyMismatch(['data'], 'array', data)
    return { success: true, data: { ...body, data: data as unknown[] | null | undefined, errors: readErrors(errors) } }
  },
}

function readErrors(v: unknown): JaegerError[] | null | undefined {
  if (v === null) return null
  if (!Array.isArray(v) || !v.every(isRecord)) return undefined
  return v.map((e) => ({
    ...e,
    code: typeof e.code === 'number' ? e.code : undefined,
    msg: typeof e.msg === 'string' ? e.msg : undefined,
    traceID: typeof e.traceID === 'string' ? e.traceID : undefined,
  }))
}

/** One line for a Jaeger `errors` entry: `trace <id>: <msg> (code <n>)`. */
export function describeJaegerError(e: JaegerError): string {
  const where = e.traceID ? `trace ${e.traceID}: ` : ''
  return `${where}${e.msg ?? 'error'}${e.code !== undefined ? ` (code ${e.code})` : ''}`
}

export function jaegerError(backend: string, code: number | undefined, message: string): BackendRequestError {
  return new BackendRequestError({ kind: 'backendError', backend, status: 200, errorType: String(code ?? 'error'), message })
}

/** `/api/traces/{id}` of Jaeger query v1 JSON; undefined when Jaeger has no such trace. */
export async function getJaegerTrace(http: HttpClient, traceId: string, signal: AbortSignal | undefined): Promise<Trace | undefined> {
  const id = requireTraceId(http.backend, traceId)
  let body: JaegerTraceAnswer
  let streamed: StreamedJaegerTrace | undefined
  try {
    const url = `/api/traces/${pathSegment(id)}`
    // Read into the trace while it downloads where the client can (see zipkinTrace); the
    // envelope left over is checked as the whole-body read checks it.
    streamed = http.stream ? await http.stream({ url, signal, quietStatuses: [404], reader: () => jaegerTraceStream() }) : undefined
    body = streamed
      ? checkBody(streamed.body, jaegerTraceAnswerSchema, http.backend)
      : await http.request({ url, schema: jaegerTraceAnswerSchema, signal, quietStatuses: [404] })
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
  const errors = (body.errors ?? []).map(describeJaegerError)
  const first = body.data?.[0]
  if (first === undefined) {
    if (errors.length > 0 && !/not found/i.test(errors.join(' '))) throw jaegerError(http.backend, body.errors?.[0]?.code, errors[0] as string)
    return undefined
  }
  const trace = readJaegerTrace(first)
  if (!trace) throw new BackendRequestError({ kind: 'badResponse', backend: http.backend, path: 'data[0]', message: 'not a Jaeger trace object' })
  const warnings = [...(trace.warnings ?? []), ...errors.map((e) => `partial trace: ${e}`)]
  if (streamed) return streamed.build(trace, { warnings })
  return buildTrace(jaegerTraceToRaw(trace).spans, { warnings })
}
