import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseTraceFile, summarizeTrace, type ParsedTraceFile, type Trace } from '../../../../src/domain/trace'
import { checkTraceFileSize, TraceFileTooLargeError } from '../../../../src/domain/trace/formats/traceFileSize'
import { traceFileStream } from '../../../../src/domain/trace/formats/traceFileStream'
import { toWaterfallData } from '../../../../src/domain/waterfall/waterfallData'
import { contractPath, readContractText } from '../../../support/contracts'

/** Everything the page shows of a trace: rows, header, services, warnings, span detail. */
function traceView(trace: Trace): unknown {
  return { id: trace.traceId, rows: toWaterfallData(trace), summary: summarizeTrace(trace), services: trace.services, warnings: trace.warnings, spans: trace.spans }
}

function fileView(run: () => ParsedTraceFile): unknown {
  try {
    const parsed = run()
    return { format: parsed.format, warnings: parsed.warnings, traces: parsed.traces.map(traceView) }
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
  }
}

/** The file as the upload reads it: in pieces, then read again whole only when the stream says so. */
function streamed(text: string, sizes: readonly number[], minRun?: number): { view: unknown; spansBeforeEnd: number } {
  const stream = traceFileStream({ minRun })
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number
    stream.write(text.slice(at, at + size))
    at += size
  }
  const spansBeforeEnd = stream.spansRead
  return { view: fileView(() => stream.end() ?? parseTraceFile(text)), spansBeforeEnd }
}

const whole = (text: string): unknown => fileView(() => parseTraceFile(text))

const hostile = fc.constantFrom('},{"traceId":"x"', '"spans":[', '{"data":[', '"resourceSpans":[', '\\"},{"id":"', '서비스', '\u2028', ']', '')
const nasty = fc.oneof(fc.string({ maxLength: 5 }), hostile)
const traceId = fc.constantFrom('4bf92f3577b34da6a3ce929d0e0e4736', 'a3ce929d0e0e4736', '00000000000000000000000000000002', 'not-hex')
const spanId = fc.constantFrom('0000000000000001', '0000000000000002', '0000000000000003', '00000000000000aa')

const zipkinSpan = fc.record(
  {
    traceId,
    id: spanId,
    parentId: spanId,
    name: nasty,
    kind: fc.constantFrom('CLIENT', 'SERVER'),
    timestamp: fc.integer({ min: 1_700_000_000_000_000, max: 1_700_000_000_100_000 }),
    duration: fc.integer({ min: 0, max: 50_000 }),
    localEndpoint: fc.record({ serviceName: fc.oneof(nasty, fc.constantFrom('orders', '주문')) }),
    tags: fc.dictionary(nasty, nasty, { maxKeys: 2 }),
  },
  { requiredKeys: ['traceId', 'id', 'name', 'timestamp'] },
)
const jaegerSpan = fc.record({
  traceID: traceId,
  spanID: spanId,
  operationName: nasty,
  references: fc.array(fc.record({ refType: fc.constant('CHILD_OF'), traceID: traceId, spanID: spanId }), { maxLength: 1 }),
  startTime: fc.integer({ min: 1_700_000_000_000_000, max: 1_700_000_000_100_000 }),
  duration: fc.integer({ min: 0, max: 50_000 }),
  tags: fc.array(fc.record({ key: nasty, type: fc.constant('string'), value: nasty }), { maxLength: 2 }),
  logs: fc.constant([]),
  processID: fc.constantFrom('p1', 'p2', 'p9'),
  warnings: fc.constant(null),
})
const jaegerTrace = fc.record({
  traceID: traceId,
  spans: fc.array(jaegerSpan, { maxLength: 60 }),
  processes: fc.constant({ p1: { serviceName: 'orders', tags: [] }, p2: { serviceName: '재고', tags: [] } }),
  warnings: fc.constantFrom(null, ['skew adjusted']),
})
const otlpSpan = fc.record({
  traceId,
  spanId,
  parentSpanId: fc.constantFrom('', '0000000000000001'),
  name: nasty,
  kind: fc.constantFrom(1, 2, 3),
  startTimeUnixNano: fc.constantFrom('1700000000000000000', '1700000000000500000'),
  endTimeUnixNano: fc.constantFrom('1700000000001000000', '1700000000002000000'),
  attributes: fc.array(fc.record({ key: nasty, value: nasty.map((stringValue) => ({ stringValue })) }), { maxLength: 2 }),
  status: fc.constantFrom({}, { code: 2, message: '"spans":[' }),
})
const resourceSpans = fc.array(
  fc.record({
    resource: fc.record({ attributes: fc.constantFrom([{ key: 'service.name', value: { stringValue: 'orders' } }], [], [{ key: 'service.name', value: { stringValue: '결제' } }]) }),
    scopeSpans: fc.array(fc.record({ scope: fc.constantFrom({}, { name: 'io.opentelemetry.http' }), spans: fc.array(otlpSpan, { maxLength: 30 }) }), { maxLength: 3 }),
  }),
  { maxLength: 3 },
)

/** Every kind of file the upload takes, and a few it must refuse. */
const fileText: fc.Arbitrary<string> = fc.oneof(
  fc.array(zipkinSpan, { maxLength: 120 }).map((spans) => JSON.stringify(spans)),
  fc.array(zipkinSpan, { maxLength: 40 }).map((spans) => JSON.stringify(spans, null, 2)),
  fc.array(fc.array(zipkinSpan, { maxLength: 20 }), { maxLength: 4 }).map((traces) => JSON.stringify(traces)),
  fc.record({ data: fc.array(jaegerTrace, { minLength: 1, maxLength: 2 }), errors: fc.constantFrom(null, [{ code: 500, msg: 'partial' }]) }).map((b) => JSON.stringify({ ...b, total: 0, limit: 0, offset: 0 })),
  fc.array(jaegerTrace, { minLength: 1, maxLength: 3 }).map((traces) => traces.map((t) => JSON.stringify(t)).join('\n')),
  resourceSpans.map((rs) => JSON.stringify({ resourceSpans: rs })),
  resourceSpans.map((rs) => JSON.stringify({ result: { resourceSpans: rs } })),
  fc.array(resourceSpans, { minLength: 1, maxLength: 3 }).map((chunks) => chunks.map((rs) => JSON.stringify({ result: { resourceSpans: rs } })).join('\n')),
  fc.array(zipkinSpan, { minLength: 1, maxLength: 40 }).chain((spans) => {
    const text = JSON.stringify(spans)
    return fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut))
  }),
  fc.constantFrom('<!doctype html><html><body>502 Bad Gateway</body></html>', '', '   ', 'traceId,spanId\n1,2', '{"hello":"world"}', '[1,2,3]', '[]', '{"data":[]}', 'null'),
)
const pieceSizes = fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 4 })

describe('traceFileStream (an uploaded file read while it streams in)', () => {
  it('gives what parseTraceFile gives for the whole text, however the file is cut (errors included)', () => {
    fc.assert(
      fc.property(fileText, pieceSizes, fc.integer({ min: 1, max: 4000 }), (text, sizes, minRun) => {
        expect(streamed(text, sizes, minRun).view).toEqual(whole(text))
      }),
      { numRuns: 300 },
    )
  })

  it('reads every trace file in the contracts as parseTraceFile does', () => {
    let read = 0
    for (const dir of ['zipkin', 'jaeger', 'jaeger-v3', 'otlp']) {
      for (const f of readdirSync(contractPath(`traces/${dir}`)).filter((n) => n.endsWith('.json'))) {
        const text = readContractText(`traces/${dir}/${f}`)
        const expected = whole(text)
        for (const minRun of [1, 300, undefined]) expect(streamed(text, [7, 500, 4096], minRun).view, `${dir}/${f} at runs of ${minRun}`).toEqual(expected)
        read++
      }
    }
    expect(read).toBeGreaterThanOrEqual(25)
  })

  it('reads Zipkin, Jaeger and OTLP files into their traces before the last piece arrives', () => {
    const n = 3000
    const zipkin = Array.from({ length: n }, (_, i) => ({ traceId: 'a3ce929d0e0e4736', id: (i + 1).toString(16).padStart(16, '0'), parentId: i ? '0000000000000001' : undefined, name: 'GET "},{"id":', timestamp: 1_700_000_000_000_000 + i, duration: 5, localEndpoint: { serviceName: 'orders' } }))
    const jaeger = { data: [{ traceID: 'a3ce929d0e0e4736', spans: zipkin.map((s) => ({ traceID: s.traceId, spanID: s.id, operationName: s.name, references: [], startTime: s.timestamp, duration: 5, tags: [], logs: [], processID: 'p1', warnings: null })), processes: { p1: { serviceName: 'orders', tags: [] } }, warnings: null }], total: 0, limit: 0, offset: 0, errors: null }
    const otlp = { result: { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }] }, scopeSpans: [{ scope: {}, spans: zipkin.map((s) => ({ traceId: '0000000000000000a3ce929d0e0e4736', spanId: s.id, name: s.name, kind: 2, startTimeUnixNano: `${s.timestamp}000`, endTimeUnixNano: `${s.timestamp + 5}000` })) }] }] } }
    for (const [name, body] of [['zipkin', zipkin], ['jaeger', jaeger], ['otlp', otlp]] as const) {
      const text = JSON.stringify(body)
      const { view, spansBeforeEnd } = streamed(text, [64 * 1024])
      expect(spansBeforeEnd, name).toBeGreaterThan(n / 2)
      expect(view, name).toEqual(whole(text))
    }
  })

  it('refuses a file over the limit before reading it, naming both sizes', () => {
    expect(() => checkTraceFileSize(300 * 1024 * 1024)).toThrow(TraceFileTooLargeError)
    expect(() => checkTraceFileSize(300 * 1024 * 1024)).toThrow('The file is 300 MB; trace files up to 256 MB can be opened.')
    expect(() => checkTraceFileSize(256 * 1024 * 1024)).not.toThrow()
  })
})
