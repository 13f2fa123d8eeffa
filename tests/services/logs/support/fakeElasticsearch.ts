import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHttpClient, type HttpClient } from '@/services/http'

/** One request as the fake server saw it; `body` is the parsed JSON (undefined when none). */
export interface SeenRequest {
  method: string
  url: string
  body: unknown
}

export interface FakeReply {
  status?: number
  contentType?: string
  /** Sent as is when a string, JSON-encoded otherwise. */
  body: unknown
}

export type FakeHandler = (req: SeenRequest) => FakeReply

/**
 * A local node:http server standing in for Elasticsearch: it records every request and answers
 * with what the test's handler returns. No Elasticsearch runs on this machine (BACKENDS.md).
 */
export interface FakeElasticsearch {
  readonly requests: SeenRequest[]
  /** Replaces the handler for the following requests. */
  reply(handler: FakeHandler | FakeReply): void
  /** A client to it, without retries so each test counts exactly its requests. */
  client(): HttpClient
  close(): Promise<void>
}

export async function startFakeElasticsearch(): Promise<FakeElasticsearch> {
  const requests: SeenRequest[] = []
  let handler: FakeHandler = () => ({ body: emptySearchResponse() })

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', body: text ? (JSON.parse(text) as unknown) : undefined }
      requests.push(seen)
      const reply = handler(seen)
      res.statusCode = reply.status ?? 200
      res.setHeader('Content-Type', reply.contentType ?? 'application/json')
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseURL = `http://127.0.0.1:${port}`

  return {
    requests,
    reply(h) {
      handler = typeof h === 'function' ? h : () => h
    },
    client() {
      return createHttpClient({ backend: 'elasticsearch', baseURL, retry: { retries: 0 }, timeoutMs: 5000 })
    },
    close() {
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
    },
  }
}

/** A `_search` answer with no hits, in the ES 8 envelope. */
export function emptySearchResponse(): Record<string, unknown> {
  return {
    took: 1,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] },
    aggregations: { levels: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [] } },
  }
}

/** The request body as a plain object, for property lookups in assertions. */
export function bodyOf(req: SeenRequest | undefined): Record<string, unknown> {
  if (!req || typeof req.body !== 'object' || req.body === null) throw new Error('request had no JSON body')
  return req.body as Record<string, unknown>
}

/**
 * One fake Elasticsearch for a test file: started before its tests, closed after them, its
 * request log cleared (and its answer reset to `initial`, when given) before each test.
 */
export function useFakeElasticsearch(initial?: () => FakeReply): { readonly es: FakeElasticsearch } {
  const holder: { es?: FakeElasticsearch } = {}
  const es = (): FakeElasticsearch => {
    if (!holder.es) throw new Error('the fake Elasticsearch is not started yet')
    return holder.es
  }
  beforeAll(async () => {
    holder.es = await startFakeElasticsearch()
  })
  afterAll(() => es().close())
  beforeEach(() => {
    es().requests.length = 0
    if (initial) es().reply(initial())
  })
  return {
    get es() {
      return es()
    },
  }
}
