import { createHttpClientWith, fetchFailure, joinUrl, statusFailure, type HttpClient, type HttpClientOptions, type Transport } from './httpClient'

/**
 * The same client as `createHttpClient`, sending through `fetch` instead of axios: for the trace
 * worker, which then neither downloads nor evaluates axios before its first request. A host's
 * axios instance cannot be used here (its interceptors live on the page).
 */
export function createFetchHttpClient(options: Omit<HttpClientOptions, 'instance'>): HttpClient {
  return createHttpClientWith(options, fetchTransport(options.backend))
}

function fetchTransport(backend: string): Transport {
  return async ({ method, url, baseURL, body, headers, signal, timedOut, timeoutMs, callerSignal, extract }) => {
    let res: Response
    let text: string
    try {
      res = await fetch(joinUrl(baseURL, url), { method, headers, signal, body: encodeBody(body) })
      text = await res.text()
    } catch (e) {
      throw fetchFailure(e, backend, timedOut(), timeoutMs, callerSignal)
    }
    if (!res.ok) throw statusFailure(res, text, backend, extract)
    return text
  }
}

/** What axios would send for `data`: form fields as they are, anything else as JSON. */
function encodeBody(body: unknown): BodyInit | undefined {
  if (body === undefined) return undefined
  if (body instanceof URLSearchParams || typeof body === 'string') return body
  return JSON.stringify(body)
}
