import { afterEach } from 'vitest'
import { createHttpClient } from '@/services/http'
import { createPrometheusClient, type PrometheusClient } from '@/services/prometheus/prometheusClient'
import { startTestServer, type Handler, type RecordedRequest, type TestServer } from './testServer'

/**
 * A Prometheus client against a local HTTP server answering with `handler`, no retries; the
 * server is closed after each test. Call once at the top of a test file.
 */
export function usePrometheusTestServer(): (handler: Handler) => Promise<{ client: PrometheusClient; requests: RecordedRequest[] }> {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })
  return async (handler) => {
    server = await startTestServer(handler)
    const client = createPrometheusClient(createHttpClient({ backend: 'prometheus', baseURL: server.url, retry: { retries: 0 } }))
    return { client, requests: server.requests }
  }
}
