import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jaegerTraceStream } from '../../../../src/domain/trace'
import { contractPath, readContractText } from '../../../support/contracts'

/** Feeds `text` in the given piece sizes (cycled) and returns the body the stream read. */
function readInPieces(text: string, sizes: readonly number[], minRun?: number): unknown {
  const stream = jaegerTraceStream({ minRun })
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number
    stream.write(text.slice(at, at + size))
    at += size
  }
  return stream.end()
}

const nasty = fc.oneof(fc.string(), fc.constantFrom('},{"traceID":"x"', '"spans":[', '\\"},{"spanID":"', '서비스', ''))
const hexId = fc.stringMatching(/^[0-9a-f]{16}$/)
const jaegerSpan = fc.record({
  traceID: fc.constant('a3ce929d0e0e4736'),
  spanID: hexId,
  operationName: nasty,
  references: fc.array(fc.record({ refType: fc.constantFrom('CHILD_OF', 'FOLLOWS_FROM'), traceID: fc.constant('a3ce929d0e0e4736'), spanID: hexId }), { maxLength: 2 }),
  startTime: fc.integer({ min: 1, max: 2 ** 52 }),
  duration: fc.integer({ min: 0, max: 1e7 }),
  tags: fc.array(fc.record({ key: nasty, type: fc.constant('string'), value: nasty }), { maxLength: 3 }),
  logs: fc.array(fc.record({ timestamp: fc.integer({ min: 1, max: 2 ** 52 }), fields: fc.array(fc.record({ key: nasty, type: fc.constant('string'), value: nasty }), { maxLength: 2 }) }), { maxLength: 2 }),
  processID: fc.constantFrom('p1', 'p2'),
  warnings: fc.constantFrom(null, ['clock skew adjusted']),
})
const envelope = fc.record({
  spans: fc.array(jaegerSpan, { maxLength: 300 }),
  traceWarnings: fc.constantFrom(null, ['"spans":[ in a warning']),
  errors: fc.constantFrom(null, [{ code: 500, msg: 'partial' }]),
  twoTraces: fc.boolean(),
})

describe('jaegerTraceStream (a Jaeger trace read while it downloads)', () => {
  it('gives the body JSON.parse gives, however it is cut into pieces', () => {
    fc.assert(
      fc.property(envelope, fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 5000 }), (e, sizes, minRun) => {
        const trace = { traceID: 'a3ce929d0e0e4736', spans: e.spans, processes: { p1: { serviceName: 'a', tags: [] }, p2: { serviceName: 'b', tags: [] } }, warnings: e.traceWarnings }
        const body = { data: e.twoTraces ? [trace, trace] : [trace], total: 0, limit: 0, offset: 0, errors: e.errors }
        const text = JSON.stringify(body)
        expect(readInPieces(text, sizes, minRun)).toEqual(JSON.parse(text))
      }),
      { numRuns: 120 },
    )
  })

  it('parses most spans before the last piece arrives', () => {
    const spans = Array.from({ length: 3000 }, (_, i) => ({
      traceID: 'a3ce929d0e0e4736',
      spanID: (i + 1).toString(16).padStart(16, '0'),
      operationName: 'GET /orders',
      references: i === 0 ? [] : [{ refType: 'CHILD_OF', traceID: 'a3ce929d0e0e4736', spanID: '0000000000000001' }],
      startTime: 1_700_000_000_000_000 + i,
      duration: 10,
      tags: [{ key: 'http.method', type: 'string', value: 'GET' }],
      logs: [],
      processID: 'p1',
      warnings: null,
    }))
    const text = JSON.stringify({ data: [{ traceID: 'a3ce929d0e0e4736', spans, processes: { p1: { serviceName: 'orders', tags: [] } }, warnings: null }], total: 0, limit: 0, offset: 0, errors: null })
    const stream = jaegerTraceStream()
    const cut = text.length - 20_000
    stream.write(text.slice(0, cut))
    const parse = JSON.parse
    let parsedAtEnd = 0
    JSON.parse = (t: string) => ((parsedAtEnd += t.length), parse(t) as unknown)
    try {
      stream.write(text.slice(cut))
      const body = stream.end() as { data: { spans: unknown[] }[] }
      expect(body.data[0]?.spans).toHaveLength(3000)
    } finally {
      JSON.parse = parse
    }
    // Only the tail (and the small head) is parsed once everything has arrived.
    expect(parsedAtEnd).toBeLessThan(200_000)
  })

  it('reads every Jaeger payload in the contracts as JSON.parse does, and rejects broken bodies', () => {
    const files = readdirSync(contractPath('traces/jaeger')).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      const text = readContractText(`traces/jaeger/${f}`)
      expect(readInPieces(text, [11, 400, 3000])).toEqual(JSON.parse(text))
    }
    expect(() => readInPieces('{"data":[{"traceID":"a","spans":[{"traceID":"a"},{"traceID":"b"', [7])).toThrow(SyntaxError)
  })
})
