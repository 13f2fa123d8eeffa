import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { otlpToRaw, type RawSpan } from '../../../../src/domain/trace'
import { otlpSpanStream } from '../../../../src/domain/trace/formats/otlpStream'
import { readContractText } from '../../../support/contracts'

/** Feeds `text` in the given piece sizes (cycled); the spans read, the runs and the body `end` gave. */
function readInPieces(text: string, sizes: readonly number[], minRun?: number): { spans: RawSpan[]; runs: number; body: unknown } {
  const spans: RawSpan[] = []
  let runs = 0
  const stream = otlpSpanStream((run) => (runs++, spans.push(...run)), { minRun })
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length] as number
    stream.write(text.slice(at, at + size))
    at += size
  }
  return { spans, runs, body: stream.end() }
}

/** jaegerV3Backend's whole-body read: one value, else one per line; then every chunk's spans. */
function wholeRead(text: string): RawSpan[] {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown)
  }
  const chunks = (Array.isArray(body) ? body : [body]) as { result?: { resourceSpans?: unknown[] }; resourceSpans?: unknown[] }[]
  return otlpToRaw(chunks.flatMap((c) => c.result?.resourceSpans ?? c.resourceSpans ?? [])).spans
}

/** The whole body with every spans array the stream reads emptied: what `end` gives back. */
function envelopeOf(text: string): unknown {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown)
  }
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  for (const c of Array.isArray(body) ? body : [body]) {
    for (const holder of isObject(c) ? [c.result, c] : []) {
      const list = isObject(holder) ? holder.resourceSpans : undefined
      for (const rs of Array.isArray(list) ? list : []) {
        for (const key of ['scopeSpans', 'instrumentationLibrarySpans']) {
          const scopes = isObject(rs) ? rs[key] : undefined
          for (const ss of Array.isArray(scopes) ? scopes : []) if (isObject(ss) && Array.isArray(ss.spans)) ss.spans = []
        }
      }
    }
  }
  return body
}

// What attribute strings and names can hold: borders, keys, escapes, quotes, non-ASCII.
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom('},{"traceId":"x"', '"spanId":"00"', '"spans":[', '\\"},{"traceId":"', '}]}]},{"resource":{', ']', '\\', '서비스 오류 ✓', '\u2028', 'a "quoted" word', ''),
)
const hexId = fc.stringMatching(/^[0-9a-f]{16}$/)
const anyValue = fc.oneof(
  nasty.map((stringValue) => ({ stringValue })),
  fc.integer().map((n) => ({ intValue: String(n) })),
  fc.boolean().map((boolValue) => ({ boolValue })),
  fc.array(nasty, { maxLength: 2 }).map((v) => ({ arrayValue: { values: v.map((stringValue) => ({ stringValue })) } })),
)
const attributes = fc.array(fc.record({ key: fc.oneof(nasty, fc.constantFrom('service.name', 'host.name')), value: anyValue }), { maxLength: 3 })
/** Random key order, as encoders may write them (protojson: field order; some tools: sorted). */
const shuffled = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  arb.chain((o) => fc.shuffledSubarray(Object.keys(o), { minLength: Object.keys(o).length }).map((keys) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]])) as T))
const span = fc.oneof(
  { weight: 20, arbitrary: shuffled(
    fc.record(
      {
        traceId: fc.constantFrom('4bf92f3577b34da6a3ce929d0e0e4736', '00000000000000000000000000000001'),
        spanId: hexId,
        parentSpanId: hexId,
        name: nasty,
        kind: fc.constantFrom(1, 2, 3, 'SPAN_KIND_CLIENT'),
        startTimeUnixNano: fc.constantFrom('1700000000000000000', '1700000000000500000'),
        endTimeUnixNano: fc.constant('1700000000001000000'),
        attributes,
        events: fc.array(fc.record({ timeUnixNano: fc.constant('1700000000000600000'), name: nasty, attributes }), { maxLength: 2 }),
        links: fc.array(fc.record({ traceId: fc.constant('4bf92f3577b34da6a3ce929d0e0e4736'), spanId: hexId }), { maxLength: 2 }),
        status: fc.record({ code: fc.constantFrom(0, 1, 2), message: nasty }, { requiredKeys: [] }),
      },
      { requiredKeys: ['traceId', 'spanId'] },
    ),
  ) },
  { weight: 1, arbitrary: fc.constantFrom(null, 7, 'not a span', [1]) },
)
const scopeSpans = shuffled(
  fc.record(
    {
      scope: fc.record({ name: nasty, version: fc.constantFrom('1.0', '') }, { requiredKeys: [] }),
      spans: fc.array(span, { maxLength: 40 }),
      schemaUrl: fc.constant('https://opentelemetry.io/schemas/1.21.0'),
    },
    { requiredKeys: ['spans'] },
  ),
)
const resourceSpans = shuffled(
  fc.record(
    {
      resource: fc.record({ attributes }, { requiredKeys: [] }),
      scopeSpans: fc.array(scopeSpans, { maxLength: 3 }),
      instrumentationLibrarySpans: fc.array(
        fc.record({ instrumentationLibrary: fc.record({ name: nasty }), spans: fc.array(span, { maxLength: 5 }) }),
        { maxLength: 1 },
      ),
    },
    { requiredKeys: [] },
  ),
)
/** One chunk: Jaeger's `{result}` (mostly), or bare `TracesData`. */
const chunk = fc.oneof(
  { weight: 4, arbitrary: fc.array(resourceSpans, { maxLength: 4 }).map((rs) => ({ result: { resourceSpans: rs } })) },
  { weight: 1, arbitrary: fc.array(resourceSpans, { maxLength: 3 }).map((rs) => ({ resourceSpans: rs })) },
)
const pieceSizes = fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 5 })

describe('otlpSpanStream (Jaeger v3 / OTLP JSON read while it downloads)', () => {
  it('gives exactly the spans of the whole-body read, whatever the piece sizes, key order or printing', () => {
    fc.assert(
      fc.property(chunk, pieceSizes, fc.integer({ min: 1, max: 3000 }), fc.constantFrom(0, 1, 2), (c, sizes, minRun, indent) => {
        const text = JSON.stringify(c, null, indent)
        const got = readInPieces(text, sizes, minRun)
        expect(got.spans).toEqual(wholeRead(text))
        expect(got.body).toEqual(envelopeOf(text))
      }),
      { numRuns: 300 },
    )
  })

  it('reads the NDJSON form the same way: several chunks, an end marker, blank lines', () => {
    fc.assert(
      fc.property(fc.array(chunk, { minLength: 1, maxLength: 4 }), pieceSizes, fc.integer({ min: 1, max: 3000 }), fc.boolean(), (chunks, sizes, minRun, endMarker) => {
        const lines = [...chunks, ...(endMarker ? [{ end: true }] : [])].map((c) => JSON.stringify(c))
        const text = lines.join('\n') + (sizes[0]! % 2 ? '\n\n' : '')
        const got = readInPieces(text, sizes, minRun)
        expect(got.spans).toEqual(wholeRead(text))
        expect(got.body).toEqual(envelopeOf(text))
        if (lines.length > 1) expect(got.body).toHaveLength(lines.length)
        else expect(Array.isArray(got.body)).toBe(false)
      }),
      { numRuns: 150 },
    )
  })

  it('converts each run as it arrives when resource and scope come first (Jaeger, protojson order)', () => {
    const spans = Array.from({ length: 4000 }, (_, i) => ({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i === 0 ? undefined : '0000000000000001',
      name: 'GET /orders "},{"traceId":"',
      kind: 2,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000001000000',
      attributes: [{ key: 'note', value: { stringValue: '"spanId":"ff" },{"traceId' } }],
    }))
    const resourceSpans = [0, 1, 2, 3].map((r) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc-${r}` } }] },
      scopeSpans: [{ scope: { name: 'otel' }, spans: spans.slice(r * 1000, (r + 1) * 1000) }],
    }))
    const text = JSON.stringify({ result: { resourceSpans } })
    const seen: number[] = []
    const stream = otlpSpanStream((run) => seen.push(run.length))
    const cut = text.length - 20_000
    for (let at = 0; at < cut; at += 16_384) stream.write(text.slice(at, Math.min(at + 16_384, cut)))
    const beforeEnd = seen.reduce((a, b) => a + b, 0)
    stream.write(text.slice(cut))
    expect(stream.end()).toEqual({ result: { resourceSpans: resourceSpans.map((r) => ({ ...r, scopeSpans: [{ scope: r.scopeSpans[0]!.scope, spans: [] }] })) } })
    expect(seen.reduce((a, b) => a + b, 0)).toBe(4000)
    expect(seen.length).toBeGreaterThan(8)
    expect(4000 - beforeEnd).toBeLessThan(400)
  })

  it('keeps runs whose resource comes after the spans until the chunk ends, and gives the same spans', () => {
    const rs = { scopeSpans: [{ spans: [{ traceId: 'ab', spanId: '01', name: 'late' }], scope: { name: 'lib' } }], resource: { attributes: [{ key: 'service.name', value: { stringValue: 'after' } }] } }
    const text = JSON.stringify({ result: { resourceSpans: [rs, rs] } })
    const got = readInPieces(text, [5], 1)
    expect(got.spans).toEqual(wholeRead(text))
    expect(got.spans.map((s) => s.service)).toEqual(['after', 'after'])
  })

  it('reads the contract payload (pretty-printed, sorted keys) as the whole-body read does', () => {
    const text = readContractText('traces/jaeger-v3/GetTrace.json')
    for (const sizes of [[1], [7], [64], [100_000]]) {
      const got = readInPieces(text, sizes, 1)
      expect(got.spans).toEqual(wholeRead(text))
      expect(got.spans).toHaveLength(1)
    }
  })

  it('reads escaped keys, unknown "spans" fields and a top-level array of chunks as JSON.parse does', () => {
    const bodies = [
      '{"result":{"resourceSpans":[{"resource":{"spans":[1,2],"attributes":[]},"scopeSpans":[{"scope":{},"sp\\u0061ns":[{"traceId":"ab","spanId":"01"}]}]}]}}',
      '{"result":{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"traceId":"ab","spanId":"01","x\\"spans":[{"spans":[]}]},{"traceId":"ab","spanId":"02"}]}]}]}}',
      '[{"result":{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"traceId":"ab","spanId":"01"}]}]}]}}]',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"01"}]}]}],"result":{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"02"}]}]}]}}',
      '{"result":{"resourceSpans":[{"resource":{},"instrumentationLibrarySpans":[{"spans":[{"traceId":"ab","spanId":"01"}]}],"scopeSpans":[{"scope":{},"spans":[{"traceId":"ab","spanId":"02"}]}]}]}}',
    ]
    for (const text of bodies) {
      const expected = text.startsWith('[') ? otlpToRaw((JSON.parse(text) as { result: { resourceSpans: unknown[] } }[])[0]!.result.resourceSpans).spans : wholeRead(text)
      for (const n of [1, 3, 1000]) expect(readInPieces(text, [n], 1).spans).toEqual(expected)
    }
  })

  it('rejects what the whole-body read rejects, with the same kind of error', () => {
    const good = JSON.stringify({ result: { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans: [{ traceId: 'a', spanId: '1' }, { traceId: 'a', spanId: '2' }] }] }] } })
    for (let cut = 1; cut < good.length; cut += 7) expect(() => readInPieces(good.slice(0, cut), [5], 1)).toThrow(SyntaxError)
    expect(() => readInPieces('', [10])).toThrow(SyntaxError)
    expect(() => readInPieces('<!DOCTYPE html><html><body>Jaeger UI</body></html>', [4])).toThrow(SyntaxError)
    expect(() => readInPieces(`${good}}`, [4])).toThrow(SyntaxError)
    // A chunk then a line that is no chunk: the spans are read once (the schema refuses the 5).
    expect(readInPieces(`${good}\n5\n`, [4], 1).spans).toHaveLength(2)
    // One value per line only: a pretty-printed value among several is not the NDJSON form.
    expect(() => readInPieces(`${JSON.stringify(JSON.parse(good), null, 1)}\n{"end":true}`, [9], 1)).toThrow(SyntaxError)
  })

  it('refuses a body whose repeated keys would replace spans already read', () => {
    const rs = '{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"traceId":"a","spanId":"1"}]}]}'
    expect(() => readInPieces(`{"result":{"resourceSpans":[${rs}],"resourceSpans":[${rs}]}}`, [3], 1)).toThrow(/repeats a key/)
    expect(() => readInPieces(`{"result":{"resourceSpans":[{"resource":{},"scopeSpans":[{"scope":{},"spans":[{"traceId":"a","spanId":"1"}]}],"resource":{"attributes":[]}}]}}`, [3], 1)).toThrow(/repeats a key/)
  })
})
