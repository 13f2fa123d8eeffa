import { afterEach } from 'vitest'
import { createHttpClient, type HttpClient, type HttpClientOptions } from '@/services/http'
import type { BackendFailure } from '@/services/errors'
import { setFailureLogger } from '@/services/log'
import { startTestServer, type Handler, type RecordedRequest } from './testServer'

export interface ServedClient {
  client: HttpClient
  /** Backoff delays asked for (sleeping is instant). */
  sleeps: number[]
  requests: RecordedRequest[]
  url: string
}

/**
 * One real test server per test with an `HttpClient` pointed at it, and the failures the client
 * logged; both are cleared after each test. `close()` stops the server early (a refused connection).
 */
export function useHttpTestServer(): {
  /** `basePath` is appended to the server's address for the client's base URL. */
  serve(handler: Handler, options?: Partial<HttpClientOptions> & { basePath?: string }): Promise<ServedClient>
  logged: BackendFailure[]
  close(): Promise<void>
} {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined
  const logged: BackendFailure[] = []
  setFailureLogger((f) => logged.push(f))
  const close = async (): Promise<void> => {
    await server?.close()
    server = undefined
  }
  afterEach(async () => {
    await close()
    logged.length = 0
  })
  return {
    logged,
    close,
    async serve(handler, { basePath = '', ...options } = {}) {
      server = await startTestServer(handler)
      const sleeps: number[] = []
      const client = createHttpClient({
        backend: 'test-backend',
        baseURL: server.url + basePath,
        sleep: async (ms) => {
          sleeps.push(ms)
        },
        random: () => 0.5,
        ...options,
      })
      return { client, sleeps, requests: server.requests, url: server.url }
    },
  }
}
