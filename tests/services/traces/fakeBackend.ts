import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHttpClient, type HttpClient } from '../../../src/services/http'

export interface RecordedRequest {
  method: string
  /** Raw (still encoded) path, as the backend's router sees it. */
  path: string
  query: URLSearchParams
}

export interface FakeAnswer {
  status?: number
  /** Objects are sent as JSON; strings as given (plain-text 404s, HTML pages). */
  body: unknown
}

export type FakeRoutes = Record<string, FakeAnswer | ((query: URLSearchParams) => FakeAnswer)>

export interface FakeBackend {
  http: HttpClient
  requests: RecordedRequest[]
  close(): Promise<void>
}

/**
 * A real `node:http` server answering the given paths (anything else: 404 "404 page not found",
 * as Go's mux does), so adapters run their real HTTP client, URL building and error mapping.
 */
export async function startFakeBackend(backend: string, routes: FakeRoutes): Promise<FakeBackend> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams })
    const route = routes[url.pathname]
    const answer: FakeAnswer = route === undefined ? { status: 404, body: '404 page not found\n' } : typeof route === 'function' ? route(url.searchParams) : route
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)
    res.writeHead(answer.status ?? 200, { 'Content-Type': typeof answer.body === 'string' ? 'text/plain' : 'application/json' })
    res.end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const http = createHttpClient({ backend, baseURL: `http://127.0.0.1:${port}`, retry: { retries: 0 }, timeoutMs: 5000 })
  return {
    http,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}
