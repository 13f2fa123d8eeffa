import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildTrace, readJaegerTrace, jaegerTraceStream, jaegerTraceToRaw, summarizeTrace, UNKNOWN_SERVICE, type JaegerTrace, type Trace } from '../../../../src/domain/trace'
import { toWaterfallData } from '../../../../src/domain/waterfall/waterfallData'
import { contractPath, readContract, readContractText } from '../../../support/contracts'

/** `data[0]` as the backend reads it, or undefined. */
function firstTrace(body: unknown): JaegerTrace | undefined {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined
  return Array.isArray(data) && data.length > 0 ? readJaegerTrace(data[0]) : undefined
}

/** Feeds `text` in the given piece sizes (cycled); the stream's end. */
function feed(text: string, sizes: readonly number[], minRun?: number): ReturnType<ReturnType<typeof jaegerTraceStream>['end']> {
  const stream = jaegerTraceStream({ minRun })
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number
    stream.write(text.slice(at, at + size))
    at += size
  }
  return stream.end()
}

/** The trace read while the text arrived in pieces. */
function streamed(text: string, sizes: readonly number[], minRun?: number): Trace | undefined {
  const { body, build } = feed(text, sizes, minRun)
  const trace = firstTrace(body)
  return trace && build(trace, { warnings: trace.warnings ?? [] })
}

/** The trace of the whole body, the way it was read before the stream. */
function whole(text: string): Trace | undefined {
  const trace = firstTrace(JSON.parse(text))
  if (!trace) return undefined
  const raw = jaegerTraceToRaw(trace)
  return buildTrace(raw.spans, { warnings: raw.warnings })
}

/** Everything the page shows of a trace: rows, header, services, warnings, span detail. */
function view(trace: Trace | undefined): unknown {
  return trace && { rows: toWaterfallData(trace), summary: summarizeTrace(trace), services: trace.services, warnings: trace.warnings, spans: trace.spans }
}

const TRACE_ID = 'a3ce929d0e0e4736'
const hostile = fc.constantFrom('},{"traceID":"x"', '"spans":[', '"processes":{"p1":', '\\"},{"spanID":"', '서비스', '\u2028', '', ' ')
const nasty = fc.oneof(fc.string({ maxLength: 6 }), hostile)
const id = fc.constantFrom('0000000000000001', '0000000000000002', '0000000000000003', '00000000000000aa', '00000000000000ab', 'ffffffffffffffff')
const tag = fc.oneof(
  fc.record({ key: nasty, type: fc.constant('string'), value: nasty }),
  fc.record({ key: fc.constantFrom('span.kind'), type: fc.constant('string'), value: fc.constantFrom('client', 'server', 'producer') }),
  fc.record({ key: fc.constant('error'), type: fc.constant('bool'), value: fc.boolean() }),
  fc.record({ key: fc.constant('big'), type: fc.constant('int64'), value: fc.constantFrom(7, '9223372036854775222') }),
)
const processTags = fc.array(
  fc.oneof(fc.record({ key: fc.constantFrom('ip', 'hostname', 'host.name'), type: fc.constant('string'), value: fc.constantFrom('10.0.0.1', '10.0.0.2', 'h') }), tag),
  { maxLength: 3 },
)
const processValue = fc.record({ serviceName: fc.oneof(nasty, fc.constantFrom('frontend', 'orders', '주문')), tags: processTags })
/** Jaeger's field order (model/json); sometimes shuffled, which stops cuts at that span. */
const jaegerSpan = fc
  .record(
    {
      traceID: fc.constantFrom(TRACE_ID, '0000000000000000a3ce929d0e0e4736'),
      spanID: id,
      operationName: nasty,
      references: fc.array(fc.record({ refType: fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM'), traceID: fc.constantFrom(TRACE_ID, 'other'), spanID: id }), { maxLength: 2 }),
      startTime: fc.oneof(fc.integer({ min: 1_700_000_000_000_000, max: 1_700_000_000_100_000 }), fc.constantFrom(0, -1)),
      duration: fc.integer({ min: 0, max: 50_000 }),
      tags: fc.array(tag, { maxLength: 3 }),
      logs: fc.array(fc.record({ timestamp: fc.integer({ min: 1, max: 2 ** 52 }), fields: fc.array(tag, { maxLength: 2 }) }), { maxLength: 2 }),
      // p3 is named by spans but missing from `processes`.
      processID: fc.constantFrom('p1', 'p2', 'p3', 'p1'),
      process: processValue,
      warnings: fc.constantFrom(null, ['clock skew adjusted']),
    },
    // A missing traceID takes the trace's; a missing processID or an inline process is the old form.
    { requiredKeys: ['traceID', 'spanID', 'operationName', 'references', 'startTime', 'duration', 'tags', 'logs', 'processID', 'warnings'] },
  )
  .chain((s) =>
    fc.record({
      drop: fc.constantFrom<(keyof typeof s)[]>([], [], [], [], ['traceID'], ['processID']),
      shuffle: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }).map(({ drop, shuffle }) => {
      const keys = Object.keys(s).filter((k) => !drop.includes(k as keyof typeof s))
      if (shuffle) keys.reverse()
      return Object.fromEntries(keys.map((k) => [k, s[k as keyof typeof s]]))
    }),
  )

const envelope = fc.record({
  spans: fc.array(jaegerSpan, { maxLength: 150 }),
  processes: fc.oneof(
    fc.record({ p1: processValue, p2: processValue }),
    fc.constantFrom<unknown>(undefined, [], 'x', {}),
  ),
  traceWarnings: fc.constantFrom(null, ['"spans":[ in a warning'], ['two', '"processes":{}']),
  errors: fc.constantFrom(null, [{ code: 500, msg: 'partial' }]),
  twoTraces: fc.boolean(),
  processesFirst: fc.boolean(),
  pretty: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
})

function bodyText(e: EnvelopeCase): string {
  const trace = e.processesFirst
    ? { traceID: TRACE_ID, processes: e.processes, spans: e.spans, warnings: e.traceWarnings }
    : { traceID: TRACE_ID, spans: e.spans, processes: e.processes, warnings: e.traceWarnings }
  const body = { data: e.twoTraces ? [trace, { ...trace, traceID: 'ffff' }] : [trace], total: 0, limit: 0, offset: 0, errors: e.errors }
  return e.pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body)
}

type EnvelopeCase = typeof envelope extends fc.Arbitrary<infer T> ? T : never

const pieceSizes = fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 5 })

describe('jaegerTraceStream (a Jaeger trace converted while it downloads)', () => {
  it('gives the trace of the whole body, however it is cut into pieces and runs', () => {
    fc.assert(
      fc.property(envelope, pieceSizes, fc.integer({ min: 1, max: 5000 }), (e, sizes, minRun) => {
        const text = bodyText(e)
        expect(view(streamed(text, sizes, minRun))).toEqual(view(whole(text)))
      }),
      { numRuns: 200 },
    )
  })

  it('reads every Jaeger trace in the contracts as the whole-body read does, compact and pretty', () => {
    const files = readdirSync(contractPath('traces/jaeger')).filter((f) => f.endsWith('.json'))
    let read = 0
    for (const f of files) {
      const value = readContract(`traces/jaeger/${f}`) as Record<string, unknown>
      if (!Array.isArray(value.spans) && !Array.isArray(value.data)) continue
      const body = Array.isArray(value.data) ? value : { data: [value], total: 0, limit: 0, offset: 0, errors: null }
      for (const text of [JSON.stringify(body), JSON.stringify(body, null, 2), readContractText(`traces/jaeger/${f}`)]) {
        const expected = view(whole(text))
        for (const minRun of [1, 200, undefined]) expect(view(streamed(text, [11, 400, 3000], minRun)), `${f} at runs of ${minRun}`).toEqual(expected)
      }
      read++
    }
    expect(read).toBeGreaterThanOrEqual(9)
  })

  it('converts the spans while they arrive: only the tail is parsed or left at the end', () => {
    for (const processesFirst of [false, true]) {
      const spans = Array.from({ length: 4000 }, (_, i) => ({
        traceID: TRACE_ID,
        spanID: (i + 1).toString(16).padStart(16, '0'),
        operationName: 'GET /orders "},{"traceID":"x"',
        references: i === 0 ? [] : [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '0000000000000001' }],
        startTime: 1_700_000_000_000_000 + i,
        duration: 10,
        tags: [{ key: 'http.method', type: 'string', value: 'GET' }],
        logs: [],
        processID: `p${i % 3}`,
        warnings: null,
      }))
      const processes = { p0: { serviceName: 'orders', tags: [{ key: 'ip', type: 'string', value: '10.0.0.1' }] }, p1: { serviceName: 'stock 재고', tags: [] } }
      const trace = processesFirst ? { traceID: TRACE_ID, processes, spans, warnings: null } : { traceID: TRACE_ID, spans, processes, warnings: null }
      const text = JSON.stringify({ data: [trace], total: 0, limit: 0, offset: 0, errors: null })
      const stream = jaegerTraceStream()
      const cut = text.length - 20_000
      stream.write(text.slice(0, cut))
      const parse = JSON.parse
      let parsedAtEnd = 0
      JSON.parse = (t: string) => ((parsedAtEnd += t.length), parse(t) as unknown)
      let end: ReturnType<typeof stream.end>
      try {
        stream.write(text.slice(cut))
        end = stream.end()
      } finally {
        JSON.parse = parse
      }
      // Only the tail (and the small head) is parsed once everything has arrived, and the spans
      // before it are no longer in the body: they were converted into the trace already.
      expect(parsedAtEnd).toBeLessThan(200_000)
      const tail = firstTrace(end.body) as JaegerTrace
      expect(tail.spans.length).toBeLessThan(400)
      const built = end.build(tail, { warnings: [] })
      expect(view(built)).toEqual(view(whole(text)))
      expect(Object.fromEntries(built.services.map((s) => [s.name, s.spanCount]))).toEqual({ [UNKNOWN_SERVICE]: 1333, orders: 1334, 'stock 재고': 1333 })
      // p2 is not in `processes`: the same fallback as the whole-body read, a warning per span.
      expect(built.warnings).toContainEqual(expect.objectContaining({ code: 'missing-service', count: 1333 }))
      expect(built.spans.find((s) => s.service === 'orders')?.resource).toEqual({ ip: '10.0.0.1', 'service.name': 'orders' })
    }
  })

  it('takes each span host clock from its process, resolved at the end: clock skew as before', () => {
    // Client on 10.0.0.1, its server on 10.0.0.2 starting 5 ms before it: skew on two hosts only.
    const spans = Array.from({ length: 600 }, (_, i) => {
      const pair = Math.floor(i / 2)
      const server = i % 2 === 1
      return {
        traceID: TRACE_ID,
        spanID: (i + 1).toString(16).padStart(16, '0'),
        operationName: server ? 'serve' : 'call',
        references: server ? [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: i.toString(16).padStart(16, '0') }] : [],
        startTime: 1_700_000_000_000_000 + pair * 100 - (server ? 5_000 : 0),
        duration: server ? 20 : 60,
        tags: [{ key: 'span.kind', type: 'string', value: server ? 'server' : 'client' }],
        logs: [],
        processID: server ? (pair % 2 ? 'p2' : 'p3') : 'p1',
      }
    })
    const processes = {
      p1: { serviceName: 'frontend', tags: [{ key: 'ip', type: 'string', value: '10.0.0.1' }] },
      p2: { serviceName: 'orders', tags: [{ key: 'ip', type: 'string', value: '10.0.0.2' }] },
      p3: { serviceName: 'orders', tags: [{ key: 'ip', type: 'string', value: '10.0.0.1' }] },
    }
    const text = JSON.stringify({ data: [{ traceID: TRACE_ID, spans, processes }], errors: null })
    const expected = whole(text) as Trace
    expect(expected.warnings).toContainEqual(expect.objectContaining({ code: 'skew-adjusted', count: 150 }))
    expect(view(streamed(text, [1000], 500))).toEqual(view(expected))
  })

  it('rejects what JSON.parse rejects: truncated, empty, HTML, trailing garbage', () => {
    const text = JSON.stringify({
      data: [{ traceID: TRACE_ID, spans: Array.from({ length: 60 }, (_, i) => ({ traceID: TRACE_ID, spanID: String(i), operationName: 'x', processID: 'p1' })), processes: { p1: { serviceName: 'a' } } }],
      errors: null,
    })
    for (let at = 0; at < text.length; at += 7) expect(() => feed(text.slice(0, at), [5, 64], 16), `cut at ${at}`).toThrow(SyntaxError)
    expect(() => feed('', [1])).toThrow(SyntaxError)
    expect(() => feed('<!DOCTYPE html>\n<html><title>Jaeger UI</title></html>', [9])).toThrow(SyntaxError)
    expect(() => feed(`${text}]`, [100], 16)).toThrow(SyntaxError)
    expect(() => feed('{"data":[{"traceID":"a","spans":[{"traceID":"a"},{"traceID":"b"', [7])).toThrow(SyntaxError)
  })
})
