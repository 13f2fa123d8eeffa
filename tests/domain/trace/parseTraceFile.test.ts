import { describe, expect, it } from 'vitest'
import { parseTraceFile, TraceFileError } from '../../../src/domain/trace'

const zipkinSpan = (traceId: string, id: string, extra: Record<string, unknown> = {}) => ({
  traceId,
  id,
  name: `op ${id}`,
  timestamp: 1_000_000,
  duration: 10,
  localEndpoint: { serviceName: 'svc' },
  ...extra,
})
const jaegerTrace = (traceID: string, spanIDs: string[], warnings: string[] | null = null) => ({
  traceID,
  spans: spanIDs.map((spanID) => ({ traceID, spanID, operationName: 'op', references: [], startTime: 1_000_000, duration: 5, tags: [], logs: [], processID: 'p1' })),
  processes: { p1: { serviceName: 'svc', tags: [] } },
  warnings,
})
const otlp = (traceId: string) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{ scope: {}, spans: [{ traceId, spanId: '0000000000000001', name: 'x', startTimeUnixNano: '1000000000', endTimeUnixNano: '1000005000' }] }],
    },
  ],
})

describe('parseTraceFile: format detection', () => {
  it('a Zipkin span list with two trace ids gives two traces in order of appearance', () => {
    const text = JSON.stringify([zipkinSpan('00000000000000b2', '01'), zipkinSpan('00000000000000a1', '02'), zipkinSpan('00000000000000b2', '03')])
    const r = parseTraceFile(text)
    expect(r.format).toBe('zipkin-span-list')
    expect(r.traces.map((t) => [t.traceId, t.spanCount])).toEqual([
      ['00000000000000b2', 2],
      ['00000000000000a1', 1],
    ])
  })

  it('a list of Zipkin traces (the /api/v2/traces answer)', () => {
    const r = parseTraceFile(JSON.stringify([[zipkinSpan('00000000000000a1', '01')], [zipkinSpan('00000000000000a2', '02')]]))
    expect(r.format).toBe('zipkin-trace-list')
    expect(r.traces).toHaveLength(2)
  })

  it('64-bit and 128-bit forms of one trace id are one trace, named by the 128-bit form', () => {
    const r = parseTraceFile(
      JSON.stringify([zipkinSpan('463ac35c9f6413ad48485a3953bb6124', '01'), zipkinSpan('48485A3953BB6124', '02', { parentId: '01' })]),
    )
    expect(r.traces).toHaveLength(1)
    expect(r.traces[0]!.traceId).toBe('463ac35c9f6413ad48485a3953bb6124')
    expect(r.traces[0]!.spans[1]!.parentIndex).toBe(0)
  })

  it('a Jaeger API envelope with several traces, trace warnings kept, envelope errors as file warnings', () => {
    const text = JSON.stringify({
      data: [jaegerTrace('00000000000000a1', ['01'], ['skew adjusted']), jaegerTrace('00000000000000a2', ['02', '03'])],
      errors: [{ code: 500, msg: 'storage timeout', traceID: 'x' }],
    })
    const r = parseTraceFile(text)
    expect(r.format).toBe('jaeger-envelope')
    expect(r.traces.map((t) => t.spanCount)).toEqual([1, 2])
    expect(r.traces[0]!.warnings).toContainEqual({ code: 'backend', message: 'skew adjusted' })
    expect(r.warnings).toEqual(['the backend reported an error with this data: storage timeout'])
  })

  it('one Jaeger trace object, and a bare list of them', () => {
    expect(parseTraceFile(JSON.stringify(jaegerTrace('00000000000000a1', ['01']))).format).toBe('jaeger-trace')
    const list = parseTraceFile(JSON.stringify([jaegerTrace('00000000000000a1', ['01']), jaegerTrace('00000000000000a2', ['01'])]))
    expect(list.format).toBe('jaeger-trace-list')
    expect(list.traces).toHaveLength(2)
  })

  it('newline-delimited traces: one Jaeger trace or OTLP document per line, CRLF and blank lines allowed', () => {
    const text = [JSON.stringify(jaegerTrace('00000000000000a1', ['01'])), '', JSON.stringify(otlp('00000000000000a2'))].join('\r\n')
    const r = parseTraceFile(text)
    expect(r.format).toBe('ndjson')
    expect(r.traces.map((t) => t.traceId)).toEqual(['00000000000000a1', '00000000000000a2'])
  })

  it('OTLP, bare or wrapped in {result} as Jaeger v2 answers', () => {
    expect(parseTraceFile(JSON.stringify(otlp('00000000000000a1'))).traces[0]!.spans[0]!.durationUs).toBe(5)
    expect(parseTraceFile(JSON.stringify({ result: otlp('00000000000000a1') })).format).toBe('otlp')
  })

  it('entries that are not objects are skipped and counted in a file warning', () => {
    const r = parseTraceFile(JSON.stringify([zipkinSpan('00000000000000a1', '01'), 42, null]))
    expect(r.traces[0]!.spanCount).toBe(1)
    expect(r.warnings).toEqual(['2 entries are not span objects and were skipped'])
  })

  it('an empty list is a file without spans', () => {
    expect(parseTraceFile('[]')).toEqual({ traces: [], warnings: ['the file holds no spans'], format: 'zipkin-span-list' })
  })
})

describe('parseTraceFile: files that are not traces', () => {
  it.each([
    ['', /found an empty file/],
    ['   \n ', /found an empty file/],
    ['<html><body>login</body></html>', /found text that is not JSON/],
    ['{"status":"success","data":{"resultType":"vector"}}', /found an object with keys "status", "data"/],
    ['[1,2,3]', /found a list of 3 numbers/],
    ['"hello"', /found a JSON string/],
    ['{"traceID":"a"}', /found an object with keys "traceID"/],
    ['{"data":[{"foo":1}]}', /found \{"data": a list of 1 objects/],
    ['{"a":1}\n{"b":2}', /found an object with keys "a" on line 1/],
    ['{"resourceSpans":[]}\n{oops', /found a line that is not JSON \(line 2\)/],
  ])('%j → TraceFileError', (text, message) => {
    expect(() => parseTraceFile(text)).toThrow(TraceFileError)
    expect(() => parseTraceFile(text)).toThrow(message)
  })

  it('the message lists every accepted format', () => {
    expect(() => parseTraceFile('{}')).toThrow(/Zipkin v2 JSON .*Jaeger JSON .*OTLP JSON/)
  })
})
