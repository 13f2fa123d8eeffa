import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildTrace, parseTraceFile, type RawSpan, type SpanKind, type Trace } from '../../../src/domain/trace'
import { traceBuilder } from '../../../src/domain/trace/buildTrace'
import { summarizeTrace } from '../../../src/domain/trace'
import { toWaterfallData, traceHeaderInfo } from '../../../src/domain/waterfall'
import { expectPreorderInvariants } from './invariants'

const ID_POOL = ['000000000000000a', '000000000000000B', '0a', '00000000000000c1', 'c1', '00000000000000ff', 'FF', '1']
const TRACE_IDS = ['463ac35c9f6413ad48485a3953bb6124', '48485A3953BB6124', '48485a3953bb6124', '0000000000000000' + '48485a3953bb6124']
const KINDS: SpanKind[] = ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified']

const time = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 2_000_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, -5, 0, Number.POSITIVE_INFINITY, undefined) },
)

const spanShape = fc.record({
  id: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...ID_POOL) }, { weight: 1, arbitrary: fc.constantFrom('', 'zz-not-hex', ' 0A ') }),
  parent: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ID_POOL) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('0000000000000000', 'SELF', '00000000000000ee') },
  ),
  traceId: fc.constantFrom(...TRACE_IDS),
  start: time,
  duration: time,
  kind: fc.constantFrom(...KINDS),
  host: fc.constantFrom(undefined, '10.0.0.1', '10.0.0.2'),
  format: fc.constantFrom('zipkin' as const, 'jaeger' as const, 'otlp' as const),
  shared: fc.boolean(),
  service: fc.constantFrom(undefined, '', 'a', 'b'),
  annotated: fc.boolean(),
})

type Shape = typeof spanShape extends fc.Arbitrary<infer T> ? T : never

/** Each generated span carries one unique marker attribute `m<i>`: it must end up in exactly one span. */
function toRaw(shapes: Shape[]): RawSpan[] {
  return shapes.map((s, i) => ({
    traceId: s.traceId,
    spanId: s.id,
    parentSpanId: s.parent === 'SELF' ? s.id : s.parent,
    name: `op${i % 3}`,
    service: s.service,
    kind: s.kind,
    startUs: s.start,
    durationUs: s.duration,
    attributes: { [`m${i}`]: true },
    events: s.annotated ? [{ timeUs: 5, name: `e${i}`, attributes: {} }] : undefined,
    host: s.host,
    format: s.format,
    shared: s.format === 'zipkin' ? s.shared : undefined,
    endpoint: s.format === 'zipkin' ? { serviceName: s.service, ipv4: s.host } : undefined,
  }))
}

function expectEveryMarkerOnce(trace: Trace, n: number): void {
  const seen = new Map<string, number>()
  for (const s of trace.spans) {
    for (const k of Object.keys(s.attributes)) if (/^m\d+$/.test(k)) seen.set(k, (seen.get(k) ?? 0) + 1)
  }
  expect(seen.size).toBe(n)
  for (const count of seen.values()) expect(count).toBe(1)
}

describe('buildTrace on hostile random forests (fast-check)', () => {
  it('keeps every input span exactly once, terminates, never throws, keeps pre-order invariants', () => {
    fc.assert(
      fc.property(fc.array(spanShape, { maxLength: 60 }), (shapes) => {
        const trace = buildTrace(toRaw(shapes))
        expectEveryMarkerOnce(trace, shapes.length)
        expectPreorderInvariants(trace)
        expect(trace.spanCount).toBeLessThanOrEqual(shapes.length)
        // only Zipkin fragments may fold into one span
        const nonZipkin = shapes.filter((s) => s.format !== 'zipkin').length
        expect(trace.spanCount).toBeGreaterThanOrEqual(nonZipkin + (shapes.length > nonZipkin ? 1 : 0))
        for (const s of trace.spans) {
          expect(s.key).toBe(s.key.toLowerCase())
          expect(s.events.every((e) => Number.isFinite(e.timeUs))).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('the rows painted before any Span object exists say what the spans say once built', () => {
    fc.assert(
      fc.property(fc.array(spanShape, { maxLength: 60 }), (shapes) => {
        const fresh = buildTrace(toRaw(shapes))
        // Header and rows first, from the rows the build kept (no Span object read yet)…
        const rows = toWaterfallData(fresh)
        const header = traceHeaderInfo(fresh, rows.maxDepth)
        const summary = summarizeTrace(fresh)
        // …then the same from the spans alone (a copy has no rows attached).
        const fromSpans: Trace = { ...fresh }
        const spansRows = toWaterfallData(fromSpans)
        expect(rows).toEqual(spansRows)
        expect(header).toEqual(traceHeaderInfo(fromSpans, spansRows.maxDepth))
        expect(summary).toEqual(summarizeTrace(fromSpans))
      }),
      { numRuns: 300 },
    )
  })

  it('a trace built from runs of spans (read while it downloads) is the trace built at once', () => {
    fc.assert(
      fc.property(fc.array(spanShape, { maxLength: 80, size: 'medium' }), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), (shapes, cuts, expected) => {
        const raw = toRaw(shapes)
        const whole = buildTrace(raw)
        // A small size hint makes the builder's arrays and id table grow while runs arrive.
        const builder = traceBuilder(expected)
        let at = 0
        for (const c of cuts) {
          builder.add(raw.slice(at, at + c))
          at += c
        }
        builder.add(raw.slice(at))
        const runs = builder.build()
        expect(toWaterfallData(runs)).toEqual(toWaterfallData(whole))
        expect(summarizeTrace(runs)).toEqual(summarizeTrace(whole))
        expect(runs.warnings).toEqual(whole.warnings)
        expect(runs.spans).toEqual(whole.spans)
      }),
      { numRuns: 300 },
    )
  })

  it('every parent ring is cut exactly once, whatever hangs off it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 1000 }), (ring, extra, seed) => {
        const id = (i: number) => (i + 1).toString(16).padStart(16, '0')
        const spans: RawSpan[] = []
        for (let i = 0; i < ring; i++) {
          spans.push({ traceId: 'a1', spanId: id(i), parentSpanId: id((i + 1) % ring), startUs: 1000 + ((i * 7919 + seed) % 97), durationUs: 5, format: 'jaeger' })
        }
        for (let j = 0; j < extra; j++) {
          spans.push({ traceId: 'a1', spanId: id(ring + j), parentSpanId: id((j * 31 + seed) % (ring + j)), startUs: 2000 + j, durationUs: 1, format: 'jaeger' })
        }
        const trace = buildTrace(spans)
        expectPreorderInvariants(trace)
        expect(trace.spanCount).toBe(ring + extra)
        expect(trace.spans.filter((s) => s.warnings.some((w) => w.code === (ring === 1 ? 'self-parent' : 'cycle-cut')))).toHaveLength(1)
        expect(trace.rootSpanIds).toHaveLength(1)
      }),
    )
  })

  it('parseTraceFile never throws on a list of span-like objects, whatever their fields hold', () => {
    const anything = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string(), fc.string()))
    const zipkinish = fc.record({ traceId: fc.constantFrom(...TRACE_IDS), id: fc.constantFrom(...ID_POOL), parentId: anything, timestamp: anything, duration: anything, kind: anything, localEndpoint: anything, tags: anything, annotations: anything, shared: anything })
    fc.assert(
      fc.property(fc.array(zipkinish, { minLength: 1, maxLength: 30 }), (spans) => {
        const { traces } = parseTraceFile(JSON.stringify(spans))
        expect(traces.reduce((n, t) => n + t.spanCount, 0)).toBeLessThanOrEqual(spans.length)
        for (const t of traces) expectPreorderInvariants(t)
      }),
    )
  })
})
