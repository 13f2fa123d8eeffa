import { buildTrace, zipkinSpansToRaw, zipkinTraceStream, type Trace } from '../../domain/trace'
import { bodyMismatch, pathSegment, type BodySchema, type HttpClient } from '../httpClient'
import { isNotFound, requireTraceId } from './traceRequests'

/** `/api/v2/trace/{id}`: one trace, a list of Zipkin v2 spans (read one by one, tolerantly). */
export const zipkinSpanListSchema: BodySchema<unknown[]> = {
  safeParse: (body) => (Array.isArray(body) ? { success: true, data: body as unknown[] } : bodyMismatch([], 'array', body)),
}

/** Zipkin's `/api/v2/trace/{id}`; undefined when Zipkin has no such trace (its 404). */
export async function getZipkinTrace(http: HttpClient, traceId: string, signal: AbortSignal | undefined): Promise<Trace | undefined> {
  const id = requireTraceId(http.backend, traceId)
  try {
    const url = `/api/v2/trace/${pathSegment(id)}`
    // Read while it downloads where the client can: the spans are read with the last byte.
    if (http.stream) return await http.stream({ url, signal, quietStatuses: [404], reader: zipkinTraceStream })
    const spans = zipkinSpansToRaw(await http.request({ url, schema: zipkinSpanListSchema, signal, quietStatuses: [404] })).spans
    return spans.length === 0 ? undefined : buildTrace(spans)
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}
