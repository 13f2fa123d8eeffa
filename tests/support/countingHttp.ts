import { createHttpClient, type HttpClient, type RequestSpec } from '@/services/http'

/** An HttpClient that notes every URL it asks, to prove "a constant number of requests". */
export interface CountingHttp extends HttpClient {
  urls: string[]
}

export function counting(http: HttpClient): CountingHttp {
  const urls: string[] = []
  return {
    backend: http.backend,
    urls,
    request<T>(spec: RequestSpec<T>) {
      urls.push(spec.url)
      return http.request(spec)
    },
  }
}

/** A counting Prometheus HttpClient on `baseURL`, without retries (a failure is a failure). */
export function countingPrometheusHttp(baseURL: string): CountingHttp {
  return counting(createHttpClient({ backend: 'prometheus', baseURL, retry: { retries: 0 } }))
}
