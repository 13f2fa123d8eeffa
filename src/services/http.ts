import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import type { BackendFailure } from './errors'
import { BackendRequestError } from './errors'
import { classifyStatus, type BackendErrorInfo } from './httpFailures'
import { createHttpClientWith, type HttpClient, type HttpClientOptions, type Transport } from './httpClient'

export * from './httpClient'

/**
 * The client every panel uses: requests through axios (the host's instance when it passed one,
 * so its interceptors — auth, token refresh — apply), streamed reads through `fetch`.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return createHttpClientWith(options, axiosTransport(options.instance ?? axios.create(), options.backend))
}

function axiosTransport(instance: AxiosInstance, backend: string): Transport {
  return async ({ method, url, baseURL, body, headers, signal, timedOut, timeoutMs, extract }) => {
    let response: AxiosResponse<string>
    try {
      response = await instance.request<string>({
        method,
        baseURL,
        url,
        data: body,
        headers,
        signal,
        // Raw text: we parse JSON ourselves so an HTML page or a truncated body is an error
        // that names the backend, instead of a string silently passed on as "data".
        responseType: 'text',
        transformResponse: [(d: unknown) => d],
        timeout: 0,
      })
    } catch (e) {
      throw new BackendRequestError(classifyAxiosError(e, backend, timedOut(), timeoutMs, extract))
    }
    return response.data
  }
}

/** Turns whatever axios threw into the typed failure union, reading the backend's envelope. */
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
  return classifyStatus(res.status, res.statusText, headerValue(res.headers, 'retry-after'), res.data, backend, extract)
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
