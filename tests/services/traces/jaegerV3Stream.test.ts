import { describe, expect, it } from 'vitest'
import type { ServerResponse } from 'node:http'
import { createHttpClient, type HttpClient } from '@/services/http'
import type { BackendFailure } from '@/services/errors'
import { createJaegerV3Backend } from '@/services/traces'
import { summarizeTrace } from '@/domain/trace'
import { useHttpTestServer } from '../../support/httpTestServer'
import { sendJson, type Handler } from '../../support/testServer'
import { failureOf } from '../../support/failureOf'

const { serve: serveClient, logged } = useHttpTestServer()
let baseUrl = ''

/** A streaming client under `<server>/jaeger/`, and the same server read whole (axios). */
async function serve(handler: Handler): Promise<{ streaming: HttpClient; whole: HttpClient }> {
  const served = await serveClient(handler, { backend: 'jaeger', stream: true, basePath: '/jaeger/' })
  if (!served.client.stream) throw new Error('the client offers no stream')
  baseUrl = `${served.url}/jaeger`
  return { streaming: served.client, whole: createHttpClient({ backend: 'jaeger', baseURL: baseUrl, retry: { retries: 0 } }) }
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'
const SERVICES = ['frontend', 'orders', 'payments', 'stock 재고']

/** Jaeger v1.75's answer shape: one resourceSpans per service, protojson field order. */
function resourceSpans(count: number, from = 0): unknown[] {
  return SERVICES.map((service, r) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'host.name', value: { stringValue: `h${r}` } }] },
    scopeSpans: [
      {
        scope: { name: 'io.opentelemetry.http', version: '1.2' },
        spans: Array.from({ length: count }, (_, k) => {
          const i = from + r * count + k
          return {
            traceId: TRACE_ID,
            spanId: (i + 1).toString(16).padStart(16, '0'),
            parentSpanId: i === 0 ? undefined : '0000000000000001',
            name: `GET /orders/${i} "},{"traceId":"x"`,
            kind: i === 0 ? 2 : 3,
            startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) * 1000n),
            endTimeUnixNano: String(1_700_000_000_001_000_000n + BigInt(i) * 1000n),
            attributes: [
              { key: 'http.status_code', value: { intValue: i % 7 ? '200' : '500' } },
              { key: 'note', value: { stringValue: '"spanId":"ff" \\ 주문 ✓ },{"' } },
            ],
            events: i % 5 ? [] : [{ timeUnixNano: '1700000000000000500', name: 'retry', attributes: [] }],
            status: i % 7 ? {} : { code: 2, message: 'boom' },
          }
        }),
      },
    ],
  }))
}

/** A body sent in pieces that arrive apart, splitting multi-byte characters. */
function trickle(res: ServerResponse, text: string, size = 16_411): void {
  const body = Buffer.from(text)
  res.writeHead(200, { 'Content-Type': 'application/json' })
  let at = 0
  const next = (): void => {
    if (at >= body.length) return void res.end()
    res.write(body.subarray(at, at + size))
    at += size
    setTimeout(next, 1)
  }
  next()
}

describe('Jaeger v3 getTrace read while it downloads', () => {
  it('gives the same trace as the whole-body read for the {result} object', async () => {
    const text = JSON.stringify({ result: { resourceSpans: resourceSpans(600) } })
    const { streaming, whole } = await serve((_req, res) => trickle(res, text))
    const streamed = await createJaegerV3Backend(streaming).getTrace(TRACE_ID)
    const plain = await createJaegerV3Backend(whole).getTrace(TRACE_ID)
    expect(streamed?.spanCount).toBe(2400)
    expect(streamed && summarizeTrace(streamed)).toEqual(plain && summarizeTrace(plain))
    expect(streamed?.spans).toEqual(plain?.spans)
    expect(streamed?.services.map((s) => s.name).sort()).toEqual([...SERVICES].sort())
  })

  it('reads the NDJSON form: several {result} lines and {"end":true}; an error line fails the read', async () => {
    const lines = (...values: unknown[]): string => values.map((v) => JSON.stringify(v)).join('\n') + '\n'
    const bodies: Record<string, string> = {
      ok: lines({ result: { resourceSpans: resourceSpans(100) } }, { result: { resourceSpans: resourceSpans(100, 400) } }, { end: true }),
      failed: lines({ result: { resourceSpans: resourceSpans(100) } }, { error: { httpCode: 500, message: 'storage went away' } }),
    }
    const { streaming, whole } = await serve((req, res) => trickle(res, bodies[req.url.includes('0000000000000001') ? 'ok' : 'failed'] ?? '', 4099))
    const streamed = await createJaegerV3Backend(streaming).getTrace('0000000000000001')
    const plain = await createJaegerV3Backend(whole).getTrace('0000000000000001')
    expect(streamed?.spanCount).toBe(800)
    expect(streamed?.spans).toEqual(plain?.spans)
    const failure = await failureOf(createJaegerV3Backend(streaming).getTrace('0000000000000002'))
    expect(failure).toEqual(await failureOf(createJaegerV3Backend(whole).getTrace('0000000000000002')))
    expect(failure).toMatchObject({ kind: 'backendError', status: 500, errorType: 'stream', message: 'storage went away' })
  })

  it('a 404 is "no such trace" and an empty result is no trace, as before', async () => {
    const { streaming } = await serve((req, res) =>
      req.url.includes('00000000000000aa') ? sendJson(res, 404, { error: { httpCode: 404, message: 'trace not found' } }) : sendJson(res, 200, { result: { resourceSpans: [] } }),
    )
    const v3 = createJaegerV3Backend(streaming)
    await expect(v3.getTrace('00000000000000aa')).resolves.toBeUndefined()
    await expect(v3.getTrace('00000000000000bb')).resolves.toBeUndefined()
    expect(logged).toEqual([])
  })

  it('says what is wrong with an HTML page, an empty or truncated body, or a wrong envelope, as the whole-body read does', async () => {
    const good = JSON.stringify({ result: { resourceSpans: resourceSpans(300) } })
    // Trace ids pick the body.
    const [html, empty, truncated, envelope] = ['00000000000000a1', '00000000000000a2', '00000000000000a3', '00000000000000a4']
    const bodies: Record<string, string> = {
      [html]: '<!DOCTYPE html>\n<html lang="en"><title>Jaeger UI</title></html>\n',
      [empty]: '',
      [truncated]: good.slice(0, 60_000),
      [envelope]: '{"result":5}',
    }
    const { streaming, whole } = await serve((req, res) => trickle(res, bodies[req.url.split('/').pop() ?? ''] ?? '', 8192))
    const read = (client: HttpClient, id: string): Promise<BackendFailure> => failureOf(createJaegerV3Backend(client).getTrace(id))
    expect(await read(streaming, html)).toEqual(await read(whole, html))
    expect(await read(streaming, html)).toMatchObject({ kind: 'badResponse', message: 'an HTML page where JSON was expected (a proxy or login page?)' })
    expect(await read(streaming, empty)).toEqual(await read(whole, empty))
    expect(await read(streaming, truncated)).toMatchObject({ kind: 'badResponse', path: '$', message: expect.stringContaining('body is not valid JSON (truncated?)') })
    expect(await read(whole, truncated)).toMatchObject({ kind: 'badResponse', path: '$', message: expect.stringContaining('body is not valid JSON (truncated?)') })
    expect(await read(streaming, envelope)).toEqual(await read(whole, envelope))
  })

  it('is cancelled by the caller and times out on a body that stalls mid-spans', async () => {
    const { streaming } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write(JSON.stringify({ result: { resourceSpans: resourceSpans(200) } }).slice(0, 30_000))
      // Never ends.
    })
    const v3 = createJaegerV3Backend(streaming)
    const controller = new AbortController()
    const cancelled = failureOf(v3.getTrace(TRACE_ID, controller.signal))
    setTimeout(() => controller.abort(), 50)
    expect(await cancelled).toMatchObject({ kind: 'cancelled' })
    const slow = createJaegerV3Backend(createHttpClient({ backend: 'jaeger', baseURL: baseUrl, stream: true, timeoutMs: 150, retry: { retries: 0 } }))
    expect(await failureOf(slow.getTrace(TRACE_ID))).toMatchObject({ kind: 'timeout', timeoutMs: 150 })
  })
})
