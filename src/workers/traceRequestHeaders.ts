import type { TraceHeadersCallback, TraceHeadersRequest } from '@/module/options'
import { BackendRequestError } from '@/services/errors'
import { logFailure } from '@/services/log'

/**
 * The host's `traceHeaders` answer for one request, checked before it is sent to the worker: a
 * callback that throws (a failed token refresh) or answers something other than header strings
 * is a readable failure of the trace panel, never a request sent without its auth.
 */
export async function askTraceHeaders(
  callback: TraceHeadersCallback,
  request: TraceHeadersRequest,
  backend: string,
): Promise<Record<string, string>> {
  let answer: unknown
  try {
    answer = await callback(request)
  } catch (e) {
    throw refused(backend, `the host's traceHeaders callback failed: ${e instanceof Error ? e.message : String(e)}`)
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
    throw refused(backend, `traceHeaders must give an object of header names to strings, got ${answer === null ? 'null' : Array.isArray(answer) ? 'an array' : typeof answer}`)
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(answer)) {
    if (typeof value !== 'string') throw refused(backend, `traceHeaders gave header '${name}' as ${typeof value}, expected a string`)
    headers[name] = value
  }
  return headers
}

function refused(backend: string, message: string): BackendRequestError {
  const failure = { kind: 'invalidInput', backend, message } as const
  logFailure(failure)
  return new BackendRequestError(failure)
}
