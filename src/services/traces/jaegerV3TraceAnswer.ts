import { buildTrace, otlpToRaw, type Trace } from '../../domain/trace'
import { otlpTraceStream, type StreamedOtlpTrace } from '../../domain/trace/formats/otlpStream'
import { BackendRequestError } from '../errors'
import { isRecord } from '../../domain/trace/formats/read'
import { bodyFailure, checkBody, pathSegment, type BodySchema, type HttpClient } from '../httpClient'
import { isNotFound, requireTraceId } from './traceRequests'

/** One chunk of a v3 traces answer: OTLP JSON in `{result}` (or bare), or an error. */
export interface TraceChunk {
  result?: { resourceSpans?: unknown[] | null | undefined } | undefined
  resourceSpans?: unknown[] | null | undefined
  error?: { httpCode?: number | undefined; message?: string | undefined } | undefined
}

/**
 * Traces come as OTLP JSON wrapped in `{result}` (jaeger apiv3 http_gateway); bare is accepted.
 * Jaeger v1.75 sends one such object; the streamed form proposed upstream (jaeger#6467) sends
 * one per line (NDJSON, handed over as their list), may end with `{"end": true}`, and reports a
 * failure mid-stream as a line `{"error": {…}}`. Both forms are read. By hand, not with zod, so
 * the trace worker needs no zod: the same answers pass as with the zod union it replaces.
 */
export const traceChunksSchema: BodySchema<TraceChunk | TraceChunk[]> = {
  safeParse(body) {
    if (Array.isArray(body)) {
      const chunks: TraceChunk[] = []
      for (const v of body as unknown[]) {
        const chunk = readChunk(v)
        if (!chunk) return notChunks()
        chunks.push(chunk)
      }
      return { success: true, data: chunks }
    }
    const chunk = readChunk(body)
    return chunk ? { success: true, data: chunk } : notChunks()
  },
}

// zod's union names no field either: the answer as a whole is not what was expected.
const notChunks = (): ReturnType<typeof bodyFailure> => bodyFailure([], 'Invalid input: expected an OTLP traces object (or a list of them)')

function isSpanList(v: unknown): v is unknown[] | null | undefined {
  return v === undefined || v === null || Array.isArray(v)
}

function readChunk(v: unknown): TraceChunk | undefined {
  if (!isRecord(v) || !isSpanList(v.resourceSpans)) return undefined
  const { result, error } = v
  let resultSpans: unknown[] | null | undefined
  if (result !== undefined) {
    if (!isRecord(result) || !isSpanList(result.resourceSpans)) return undefined
    resultSpans = result.resourceSpans
  }
  if (error !== undefined && !isRecord(error)) return undefined
  return {
    ...v,
    resourceSpans: v.resourceSpans,
    result: isRecord(result) ? { ...result, resourceSpans: resultSpans } : undefined,
    error:
      error === undefined
        ? undefined
        : { ...error, httpCode: typeof error.httpCode === 'number' ? error.httpCode : undefined, message: typeof error.message === 'string' ? error.message : undefined },
  }
}

/** Every chunk's resource spans, in order; an error chunk fails the whole read. */
export function resourceSpansOf(body: TraceChunk | TraceChunk[], backend: string): unknown[] {
  const chunks = Array.isArray(body) ? body : [body]
  const out: unknown[] = []
  for (const chunk of chunks) {
    if (chunk.error) {
      const message = chunk.error.message ?? 'error in the trace stream'
      throw new BackendRequestError({ kind: 'backendError', backend, status: chunk.error.httpCode, errorType: 'stream', message })
    }
    const spans = chunk.result?.resourceSpans ?? chunk.resourceSpans
    if (spans) out.push(...spans)
  }
  return out
}

/** `/api/v3/traces/{id}` of Jaeger v2 (and v1.75's v3 API); undefined when it has no such trace. */
export async function getJaegerV3Trace(http: HttpClient, traceId: string, signal: AbortSignal | undefined): Promise<Trace | undefined> {
  const id = requireTraceId(http.backend, traceId)
  const url = `/api/v3/traces/${pathSegment(id)}`
  let read: StreamedOtlpTrace | undefined
  let body: TraceChunk | TraceChunk[]
  try {
    // Read while it downloads where the client can (see zipkinTrace): the spans are in the
    // trace by the last byte; the envelope (error chunks) is checked as the whole-body read does.
    read = http.stream ? await http.stream({ url, signal, quietStatuses: [404], reader: otlpTraceStream }) : undefined
    body = read ? checkBody(read.body, traceChunksSchema, http.backend) : await http.request({ url, schema: traceChunksSchema, signal, quietStatuses: [404], jsonLines: true })
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
  const resourceSpans = resourceSpansOf(body, http.backend)
  if (read) return read.build()
  const { spans } = otlpToRaw(resourceSpans)
  return spans.length === 0 ? undefined : buildTrace(spans)
}
