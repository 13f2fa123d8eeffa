import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { zipkinSpanStream, zipkinSpansToRaw, type RawSpan } from '../../../../src/domain/trace'
import { BARE_ARRAY, jsonArrayStream } from '../../../../src/domain/trace/formats/jsonArrayStream'
import { contractPath, readContractText } from '../../../support/contracts'

/** Feeds `text` in the given piece sizes (cycled) and returns what the stream read. */
function readInPieces(text: string, sizes: readonly number[]): RawSpan[] {
  const spans: RawSpan[] = []
  const stream = zipkinSpanStream((run) => spans.push(...run))
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number
    stream.write(text.slice(at, at + size))
    at += size
  }
  stream.end()
  return spans
}

// Strings that look like element borders, escapes and non-ASCII: what a tag value can hold.
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('},{"traceId":"x"', '"},{"id":"', '\\', '\\"},{"name":"', '},{"timestamp":1', '서비스 오류 ✓', '\u2028', ''),
)
const hexId = fc.stringMatching(/^[0-9a-f]{16}$/)
const zipkinSpan = fc.record(
  {
    traceId: fc.constantFrom('4bf92f3577b34da6a3ce929d0e0e4736', 'a3ce929d0e0e4736'),
    id: hexId,
    parentId: fc.option(hexId, { nil: undefined }),
    name: nasty,
    kind: fc.constantFrom('CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER', undefined),
    timestamp: fc.integer({ min: 1, max: 2 ** 52 }),
    duration: fc.integer({ min: 0, max: 10_000_000 }),
    shared: fc.boolean(),
    localEndpoint: fc.record({ serviceName: nasty, ipv4: fc.constantFrom('10.0.0.1', '10.0.0.2') }, { requiredKeys: ['serviceName'] }),
    remoteEndpoint: fc.record({ serviceName: nasty }),
    annotations: fc.array(fc.record({ timestamp: fc.integer({ min: 1, max: 2 ** 52 }), value: nasty }), { maxLength: 3 }),
    tags: fc.dictionary(fc.oneof(nasty, fc.constantFrom('error', 'http.status_code')), nasty, { maxKeys: 4 }),
  },
  { requiredKeys: ['traceId', 'id'] },
)
/** Random key order, as encoders may write them. */
const shuffledSpan = zipkinSpan.chain((s) =>
  fc.shuffledSubarray(Object.keys(s), { minLength: Object.keys(s).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, (s as Record<string, unknown>)[k]]))),
)
const pieceSizes = fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 6 })

describe('zipkinSpanStream (a trace read while it downloads)', () => {
  it('gives exactly the spans the whole-body parse gives, however the body is cut into pieces', () => {
    fc.assert(
      fc.property(fc.array(shuffledSpan, { maxLength: 400 }), pieceSizes, fc.boolean(), (spans, sizes, pretty) => {
        const text = pretty ? JSON.stringify(spans, null, 2) : JSON.stringify(spans)
        expect(readInPieces(text, sizes)).toEqual(zipkinSpansToRaw(JSON.parse(text) as unknown[]).spans)
      }),
      { numRuns: 150 },
    )
  })

  it('cuts only at element borders: the runs together are the whole array, for any piece sizes', () => {
    fc.assert(
      fc.property(fc.array(shuffledSpan, { maxLength: 60 }), pieceSizes, fc.integer({ min: 1, max: 3000 }), fc.boolean(), (spans, sizes, minRun, pretty) => {
        const text = pretty ? JSON.stringify(spans, null, 1) : JSON.stringify(spans)
        const got: unknown[] = []
        let runs = 0
        // Borders split across pieces are not cut at; with big pieces some border is whole.
        let small = false
        const stream = jsonArrayStream({ place: BARE_ARRAY, startKeys: new Set(['traceId', 'id', 'name', 'tags']), minRun, onElements: (list) => (runs++, got.push(...list)) })
        for (let at = 0, k = 0; at < text.length; k++) {
          const size = (sizes[k % sizes.length] as number) % 500 || 1
          if (size < 200) small = true
          stream.write(text.slice(at, at + size))
          at += size
        }
        got.push(...(stream.end() as unknown[]))
        expect(got).toEqual(JSON.parse(text))
        if (!pretty && !small && spans.length > 20 && minRun < 100) expect(runs).toBeGreaterThan(1)
      }),
      { numRuns: 300 },
    )
  })

  it('reads large traces in runs while they arrive, so the end has little left to do', () => {
    const spans = Array.from({ length: 3000 }, (_, i) => ({
      traceId: 'a3ce929d0e0e4736',
      id: i.toString(16).padStart(16, '0'),
      name: 'GET /orders',
      timestamp: 1_700_000_000_000_000 + i,
      duration: 10,
      localEndpoint: { serviceName: 'orders' },
      annotations: [{ timestamp: 1_700_000_000_000_001, value: 'ws' }, { timestamp: 1_700_000_000_000_002, value: 'wr' }],
      tags: { 'http.method': 'GET' },
    }))
    const text = JSON.stringify(spans)
    const runs: number[] = []
    const stream = jsonArrayStream({ place: BARE_ARRAY, startKeys: new Set(['traceId']), onElements: (list) => runs.push(list.length) })
    for (let at = 0; at < text.length; at += 16_384) stream.write(text.slice(at, at + 16_384))
    const beforeEnd = runs.reduce((a, b) => a + b, 0)
    runs.push((stream.end() as unknown[]).length)
    expect(runs.length).toBeGreaterThan(3)
    // Annotation objects ("},{"timestamp") were never taken for element borders.
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3000)
    expect(3000 - beforeEnd).toBeLessThan(600)
  })

  it('reads every Zipkin payload in the contracts the same way as the whole-body parse', () => {
    const files = readdirSync(contractPath('traces/zipkin')).filter((f) => f.endsWith('.json'))
    expect(files.length).toBeGreaterThan(0)
    let read = 0
    for (const f of files) {
      const text = readContractText(`traces/zipkin/${f}`)
      const body: unknown = JSON.parse(text)
      if (!Array.isArray(body) || !body.every((s) => typeof s === 'object' && s !== null && !Array.isArray(s))) continue
      expect(readInPieces(text, [7, 300, 5000])).toEqual(zipkinSpansToRaw(body).spans)
      read++
    }
    expect(read).toBeGreaterThan(0)
  })

  it('rejects what the whole-body parse rejects', () => {
    const good = JSON.stringify([{ traceId: 'a', id: '1' }, { traceId: 'a', id: '2' }])
    expect(() => readInPieces(good.slice(0, -5), [10])).toThrow(SyntaxError)
    expect(() => readInPieces('', [10])).toThrow(SyntaxError)
    expect(() => readInPieces('<html>login</html>', [4])).toThrow(SyntaxError)
    expect(() => readInPieces('{"errors":[{"msg":"boom"}]}', [4])).toThrow('expected a JSON array')
    expect(readInPieces(' [ ] ', [1])).toEqual([])
  })

  it('does not lose elements when a border-like text inside a value makes a cut fail', () => {
    // The name holds a border followed by a start key; the cut there does not parse and the
    // text is kept until a real border comes.
    const filler = 'x'.repeat(70_000)
    const spans = [
      { traceId: 'a', id: '1', name: filler },
      { traceId: 'a', id: '2', tags: { note: '},{"traceId' } },
      { traceId: 'a', id: '3', name: filler },
    ]
    const text = JSON.stringify(spans)
    expect(readInPieces(text, [65_536]).map((s) => s.spanId)).toEqual(['1', '2', '3'])
  })
})
