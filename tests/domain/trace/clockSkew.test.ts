import { describe, expect, it } from 'vitest'
import { buildTrace, clockSkewUs, type SkewSide } from '../../../src/domain/trace'
import { rawSpan } from './rawSpan'

const client = (o: Partial<SkewSide> = {}): SkewSide => ({ kind: 'client', startUs: 1000, durationUs: 100, clock: '10.0.0.1', ...o })
const server = (o: Partial<SkewSide> = {}): SkewSide => ({ kind: 'server', startUs: 1010, durationUs: 80, clock: '10.0.0.2', ...o })

describe('clockSkewUs (zipkin-lens getClockSkew rules)', () => {
  it('no skew when the server sits inside its client window', () => {
    expect(clockSkewUs(client(), server())).toBeUndefined()
  })

  it('a server starting before its client is centred: latency is half the duration difference', () => {
    // latency (100 - 80) / 2 = 10; skew = 900 - 10 - 1000
    expect(clockSkewUs(client(), server({ startUs: 900 }))).toBe(-110)
  })

  it('a server that outlives its client (async) is pushed to 1 µs after the client start', () => {
    expect(clockSkewUs(client(), server({ startUs: 900, durationUs: 300 }))).toBe(900 - 1000 - 1)
  })

  it('without durations (one-way), the server is pushed to 1 µs after the client', () => {
    expect(clockSkewUs(client({ durationUs: undefined }), server({ startUs: 950 }))).toBe(-51)
    expect(clockSkewUs(client({ durationUs: undefined }), server({ startUs: 1050 }))).toBeUndefined()
  })

  it('a server ending after a longer client is centred too (Jaeger adjuster, FAULTS.md)', () => {
    // 1090 + 80 > 1100: latency 10, skew = 1090 - 10 - 1000
    expect(clockSkewUs(client(), server({ startUs: 1090 }))).toBe(80)
  })

  it('only CLIENT → SERVER edges between two known, different hosts', () => {
    expect(clockSkewUs(client({ kind: 'producer' }), server({ startUs: 900 }))).toBeUndefined()
    expect(clockSkewUs(client(), server({ kind: 'consumer', startUs: 900 }))).toBeUndefined()
    expect(clockSkewUs(client(), server({ startUs: 900, clock: '10.0.0.1' }))).toBeUndefined()
    expect(clockSkewUs(client({ clock: '' }), server({ startUs: 900 }))).toBeUndefined()
  })
})

describe('clock skew inside buildTrace', () => {
  it('shifts the server subtree on its host, not spans on other hosts, and says by how much', () => {
    const t = buildTrace([
      rawSpan('01', { kind: 'client', startUs: 1000, durationUs: 100, host: 'a' }),
      rawSpan('02', { kind: 'server', parentSpanId: '01', startUs: 900, durationUs: 80, host: 'b' }),
      rawSpan('03', { parentSpanId: '02', startUs: 905, durationUs: 10, host: 'b' }),
      rawSpan('04', { kind: 'client', parentSpanId: '02', startUs: 910, durationUs: 10, host: 'b' }),
      rawSpan('05', { kind: 'server', parentSpanId: '04', startUs: 1021, durationUs: 8, host: 'c' }),
    ])
    const byId = Object.fromEntries(t.spans.map((s) => [s.spanId.slice(-2), s]))
    expect(byId['02']!.startUs).toBe(1010)
    expect(byId['03']!.startUs).toBe(1015)
    expect(byId['04']!.startUs).toBe(1020)
    // host c has its own, correct clock: 1021 is inside its shifted client [1020, 1030]
    expect(byId['05']!.startUs).toBe(1021)
    expect(byId['02']!.warnings).toEqual([{ code: 'skew-adjusted', message: 'clock skew adjusted by +110 \u00b5s', shiftUs: 110 }])
    expect(byId['05']!.warnings).toEqual([])
    expect(t.warnings).toContainEqual(expect.objectContaining({ code: 'skew-adjusted', count: 3 }))
  })

  it('events move with their span', () => {
    const t = buildTrace([
      rawSpan('01', { kind: 'client', startUs: 1000, durationUs: 100, host: 'a' }),
      rawSpan('02', { kind: 'server', parentSpanId: '01', startUs: 900, durationUs: 80, host: 'b', events: [{ timeUs: 950, name: 'x', attributes: {} }] }),
    ])
    expect(t.spans[1]!.events[0]!.timeUs).toBe(1060)
  })

  it('spans without host information are never guessed at', () => {
    const t = buildTrace([
      rawSpan('01', { kind: 'client', startUs: 1000, durationUs: 100 }),
      rawSpan('02', { kind: 'server', parentSpanId: '01', startUs: 900, durationUs: 80, service: 'other' }),
    ])
    expect(t.spans[1]!.startUs).toBe(900)
  })
})
