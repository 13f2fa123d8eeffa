import { describe, expect, it } from 'vitest'
import { buildTrace, type Span, type Trace } from '../../../src/domain/trace'
import { expectPreorderInvariants } from './invariants'
import { rawSpan } from './rawSpan'

const keyOrder = (t: Trace): string[] => t.spans.map((s) => s.key)
const codes = (s: Span): string[] => s.warnings.map((w) => w.code)
const span = (t: Trace, key: string): Span => t.spans.find((s) => s.key === key)!
const parentKey = (t: Trace, key: string): string | undefined => t.spans[span(t, key).parentIndex]?.key

describe('buildTrace: structure repairs', () => {
  it('a span naming itself as parent becomes a root with a warning', () => {
    const t = buildTrace([rawSpan('000000000000000a', { parentSpanId: '000000000000000a' })])
    expectPreorderInvariants(t)
    expect(t.spans[0]).toMatchObject({ parentSpanId: undefined, parentIndex: -1 })
    expect(codes(t.spans[0]!)).toEqual(['self-parent'])
    expect(t.incomplete).toBe(false)
  })

  it('a parent cycle is cut at its earliest span; every span still shown once', () => {
    const t = buildTrace([
      rawSpan('000000000000000b', { parentSpanId: '000000000000000a', startUs: 2_000_000 }),
      rawSpan('000000000000000a', { parentSpanId: '000000000000000c', startUs: 1_000_000 }),
      rawSpan('000000000000000c', { parentSpanId: '000000000000000b', startUs: 3_000_000 }),
      rawSpan('000000000000000d', { parentSpanId: '000000000000000c', startUs: 3_500_000 }),
    ])
    expectPreorderInvariants(t)
    expect(keyOrder(t)).toEqual(['000000000000000a', '000000000000000b', '000000000000000c', '000000000000000d'])
    expect(t.rootSpanIds).toEqual(['000000000000000a'])
    expect(codes(span(t, '000000000000000a'))).toEqual(['cycle-cut'])
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'cycle-cut', count: 1 }))
  })

  it('an all-zero parent id means no parent, silently', () => {
    const t = buildTrace([rawSpan('000000000000000a', { parentSpanId: '0000000000000000' })])
    expect(t.spans[0]!.parentSpanId).toBeUndefined()
    expect(t.spans[0]!.warnings).toEqual([])
    expect(t.incomplete).toBe(false)
  })

  it('spans whose parent is missing stay at top level after the real roots; trace incomplete', () => {
    const t = buildTrace([
      rawSpan('000000000000000e', { parentSpanId: '00000000000000ff', startUs: 500 }),
      rawSpan('000000000000000a', { startUs: 1000 }),
      rawSpan('000000000000000b', { parentSpanId: '000000000000000a', startUs: 1100 }),
    ])
    expectPreorderInvariants(t)
    expect(t.rootSpanIds).toEqual(['000000000000000a', '000000000000000e'])
    expect(keyOrder(t)).toEqual(['000000000000000a', '000000000000000b', '000000000000000e'])
    expect(t.incomplete).toBe(true)
    expect(span(t, '000000000000000e').warnings[0]!.message).toBe('parent span 00000000000000ff is not in this trace; shown at top level')
  })

  it('repeated ids outside Zipkin pairs are all kept as <id>, <id>_1, <id>_2', () => {
    const t = buildTrace([
      rawSpan('000000000000000a', { startUs: 1 }),
      rawSpan('000000000000000A', { startUs: 2 }),
      rawSpan('000000000000000a', { startUs: 3 }),
      rawSpan('000000000000000b', { parentSpanId: '000000000000000a', startUs: 4 }),
    ])
    expectPreorderInvariants(t)
    expect(keyOrder(t)).toEqual(['000000000000000a', '000000000000000b', '000000000000000a_1', '000000000000000a_2'])
    expect(codes(span(t, '000000000000000a_2'))).toEqual(['duplicate-id'])
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'duplicate-id', count: 2 }))
  })

  it('a 20,000-deep chain is built without recursion', () => {
    const n = 20_000
    const spans = Array.from({ length: n }, (_, i) =>
      rawSpan((i + 1).toString(16).padStart(16, '0'), {
        parentSpanId: i === 0 ? undefined : i.toString(16).padStart(16, '0'),
        startUs: 1_000_000 + i,
        durationUs: n - i,
      }),
    )
    const t = buildTrace(spans.reverse())
    expect(t.spanCount).toBe(n)
    expect(t.spans[n - 1]!.depth).toBe(n - 1)
    expect(t.spans[0]!.subtreeEnd).toBe(n)
  })

  it('children are ordered by start time, whatever the input order', () => {
    const t = buildTrace([
      rawSpan('000000000000000c', { parentSpanId: '000000000000000a', startUs: 1300 }),
      rawSpan('000000000000000b', { parentSpanId: '000000000000000a', startUs: 1200 }),
      rawSpan('000000000000000a', { startUs: 1000, durationUs: 1000 }),
      rawSpan('000000000000000d', { parentSpanId: '000000000000000a', startUs: 1100 }),
    ])
    expect(keyOrder(t)).toEqual(['000000000000000a', '000000000000000d', '000000000000000b', '000000000000000c'])
    expect(t.spans[0]!.childCount).toBe(3)
  })

  it('an empty input is an empty trace with a warning, not an exception', () => {
    const t = buildTrace([])
    expect(t).toMatchObject({ spanCount: 0, spans: [], startUs: 0, durationUs: 0 })
    expect(t.warnings.map((w) => w.code)).toEqual(['empty-trace'])
  })
})

describe('buildTrace: ids and names', () => {
  it('mixed-case 64/128-bit ids: lowercased, the 128-bit form names the trace, parents resolve', () => {
    const t = buildTrace([
      rawSpan('00000000000000AB', { traceId: '463AC35C9F6413AD48485A3953BB6124' }),
      rawSpan('cd', { traceId: '48485a3953bb6124', parentSpanId: '00000000000000Ab', startUs: 1_000_010 }),
    ])
    expect(t.traceId).toBe('463ac35c9f6413ad48485a3953bb6124')
    expect(keyOrder(t)).toEqual(['00000000000000ab', '00000000000000cd'])
    expect(t.spans[1]!.parentIndex).toBe(0)
    expect(t.spans.map((s) => s.traceId)).toEqual(['463ac35c9f6413ad48485a3953bb6124', '48485a3953bb6124'])
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'mixed-trace-ids' }))
  })

  it('a span without service name is shown as unknown-service', () => {
    const t = buildTrace([rawSpan('0a', { service: '  ' })])
    expect(t.spans[0]!.service).toBe('unknown-service')
    expect(codes(t.spans[0]!)).toEqual(['missing-service'])
    expect(t.services).toEqual([{ name: 'unknown-service', spanCount: 1, errorCount: 0 }])
  })

  it('a span without id is kept and flagged', () => {
    const t = buildTrace([rawSpan(''), rawSpan('not-hex!')])
    expect(keyOrder(t)).toEqual(['missing-id', 'not-hex!'])
    expect(t.spans.every((s) => codes(s).includes('invalid-id'))).toBe(true)
  })
})

describe('buildTrace: times', () => {
  it('missing start: placed at the parent start, with a warning', () => {
    const t = buildTrace([
      rawSpan('0a', { startUs: 5000, durationUs: 100 }),
      rawSpan('0b', { parentSpanId: '0a', startUs: undefined }),
      rawSpan('0c', { parentSpanId: '0a', startUs: Number.NaN }),
    ])
    expect(span(t, '000000000000000b').startUs).toBe(5000)
    expect(span(t, '000000000000000c').startUs).toBe(5000)
    expect(codes(span(t, '000000000000000b'))).toEqual(['missing-timestamp'])
  })

  it('negative, NaN, missing and zero durations never make negative widths', () => {
    const t = buildTrace([
      rawSpan('01', { durationUs: -5 }),
      rawSpan('02', { durationUs: Number.NaN }),
      rawSpan('03', { durationUs: undefined }),
      rawSpan('04', { durationUs: 0 }),
      rawSpan('05', { durationUs: Number.POSITIVE_INFINITY }),
    ])
    expect(t.spans.map((s) => s.durationUs)).toEqual([0, 0, 0, 0, 0])
    expect(t.spans.map((s) => codes(s)[0])).toEqual([
      'invalid-duration',
      'invalid-duration',
      'missing-duration',
      'zero-duration',
      'invalid-duration',
    ])
  })

  it('trace start, duration and error count come from the spans', () => {
    const t = buildTrace([
      rawSpan('0a', { startUs: 1000, durationUs: 50 }),
      rawSpan('0b', { parentSpanId: '0a', startUs: 1010, durationUs: 500, status: 'error' }),
    ])
    expect(t).toMatchObject({ startUs: 1000, durationUs: 510, errorCount: 1 })
  })

  it('backend warnings go to the trace (options) and to their span', () => {
    const t = buildTrace([rawSpan('0a', { backendWarnings: ['clock skew adjustment disabled'] })], { warnings: ['partial'] })
    expect(t.warnings[0]).toEqual({ code: 'backend', message: 'partial' })
    expect(t.spans[0]!.warnings).toEqual([{ code: 'backend', message: 'clock skew adjustment disabled' }])
  })
})

describe('buildTrace: Zipkin rules', () => {
  const zipkin = (id: string, o: Parameters<typeof rawSpan>[1] = {}) =>
    rawSpan(id, { format: 'zipkin', endpoint: { serviceName: o.service ?? 'svc', ipv4: '10.0.0.1' }, ...o })

  it('fragments of one span (late annotations, no timestamp) are merged into one span', () => {
    const t = buildTrace([
      zipkin('0a', { attributes: { a: '1' }, events: [{ timeUs: 1_000_010, name: 'ws', attributes: {} }] }),
      zipkin('0a', { startUs: undefined, durationUs: undefined, name: '', attributes: { b: '2' }, events: [{ timeUs: 1_000_090, name: 'wr', attributes: {} }] }),
    ])
    expect(t.spanCount).toBe(1)
    expect(t.spans[0]!.attributes).toEqual({ a: '1', b: '2' })
    expect(t.spans[0]!.events.map((e) => e.name)).toEqual(['ws', 'wr'])
    expect(t.spans[0]!.warnings).toEqual([])
  })

  it('same id and endpoint but different start times are two spans, not fragments', () => {
    const t = buildTrace([zipkin('0a', { startUs: 1000 }), zipkin('0a', { startUs: 2000 })])
    expect(keyOrder(t)).toEqual(['000000000000000a', '000000000000000a_1'])
  })

  it('a SERVER reusing a CLIENT id without `shared` is treated as its shared server half', () => {
    const t = buildTrace([
      zipkin('0a', { kind: 'server', service: 'b', parentSpanId: '01', startUs: 1010, durationUs: 80 }),
      zipkin('01', { kind: 'server', service: 'a', startUs: 900, durationUs: 500 }),
      zipkin('0a', { kind: 'client', service: 'a', parentSpanId: '01', startUs: 1000, durationUs: 100 }),
    ])
    expect(keyOrder(t)).toEqual(['0000000000000001', '000000000000000a', '000000000000000a_1'])
    expect(span(t, '000000000000000a_1')).toMatchObject({ shared: true, service: 'b' })
    expect(parentKey(t, '000000000000000a_1')).toBe('000000000000000a')
    expect(t.warnings).toEqual([])
  })

  it('`shared` on a CLIENT span is ignored', () => {
    const t = buildTrace([zipkin('0a', { kind: 'client', shared: true })])
    expect(t.spans[0]!.shared).toBe(false)
    expect(t.spans[0]!.key).toBe('000000000000000a')
  })

  it('a shared server whose client is missing hangs under the declared parent', () => {
    const t = buildTrace([
      zipkin('01', { startUs: 900, durationUs: 500 }),
      zipkin('0a', { kind: 'server', shared: true, parentSpanId: '01', service: 'b' }),
    ])
    expect(parentKey(t, '000000000000000a')).toBe('0000000000000001')
    expect(span(t, '000000000000000a').shared).toBe(false)
  })

  it("a shared server whose client is missing is still its own children's parent, in either input order", () => {
    const root = zipkin('01', { startUs: 900, durationUs: 500 })
    const server = zipkin('0a', { kind: 'server', shared: true, parentSpanId: '01', service: 'b', startUs: 1000, durationUs: 100 })
    const child = zipkin('0b', { kind: 'client', parentSpanId: '0a', service: 'b', startUs: 1010, durationUs: 50 })
    for (const spans of [[root, server, child], [child, server, root]]) {
      const t = buildTrace(spans)
      expect(parentKey(t, '000000000000000b')).toBe('000000000000000a')
      expect(parentKey(t, '000000000000000a')).toBe('0000000000000001')
      expect(t.incomplete).toBe(false)
    }
  })
})

describe('buildTrace: input that breaks the types (plain JavaScript callers)', () => {
  it('wrong field types and non-objects never throw; what is a span is kept', () => {
    const garbage = [
      null,
      42,
      { traceId: 7, spanId: 12, parentSpanId: {}, startUs: '1000', durationUs: '5', kind: 'SERVER', events: 'x', links: 3, attributes: 'a', service: 9, host: 1, status: 'bad' },
      { traceId: undefined, spanId: '0b', format: 'zipkin', events: {}, backendWarnings: [1] },
      { spanId: '0b', format: 'zipkin', links: null },
    ] as unknown as Parameters<typeof buildTrace>[0]
    const t = buildTrace(garbage)
    expectPreorderInvariants(t)
    expect(t.spanCount).toBe(2)
    expect(t.spans.every((s) => s.kind === 'unspecified' && Array.isArray(s.events))).toBe(true)
  })
})
