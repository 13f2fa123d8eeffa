import { createHttpClient, type HttpClient, type RequestSpec } from '@/services/http'

/** An HttpClient that notes every URL it asks, to prove "a constant number of requests". */
export interface CountingHttp extends HttpClient {
  urls: string[]
  /** The PromQL of each query request (form body or `query` parameter), in order. */
  queries: string[]
}

export function counting(http: HttpClient): CountingHttp {
  const urls: string[] = []
  const queries: string[] = []
  return {
    backend: http.backend,
    urls,
    queries,
    request<T>(spec: RequestSpec<T>) {
      urls.push(spec.url)
      const query = spec.body instanceof URLSearchParams ? spec.body.get('query') : spec.params?.query
      if (typeof query === 'string') queries.push(query)
      return http.request(spec)
    },
  }
}

/** A counting Prometheus HttpClient on `baseURL`, without retries (a failure is a failure). */
export function countingPrometheusHttp(baseURL: string): CountingHttp {
  return counting(createHttpClient({ backend: 'prometheus', baseURL, retry: { retries: 0 } }))
}
