import { describe, expect, it } from 'vitest'
import { parseTraceFile, type Span, type Trace } from '../../../src/domain/trace'
import { readContractText } from '../../support/contracts'
import { expectPreorderInvariants } from '../../domain/trace/invariants'

function load(name: string): Trace {
  const parsed = parseTraceFile(readContractText(`traces/jaeger/${name}`))
  expect(parsed.traces).toHaveLength(1)
  expectPreorderInvariants(parsed.traces[0]!)
  return parsed.traces[0]!
}
const byKey = (t: Trace, key: string): Span => t.spans.find((s) => s.key === key)!

describe('Jaeger contract traces', () => {
  it('ui_01: duplicate span id kept twice, the second renamed <id>_1 with a warning', () => {
    const t = load('ui_01-duplicate-ids-int64.json')
    expect(t.spanCount).toBe(5)
    expect(t.rootSpanIds).toEqual(['0000000000000002', '0000000000000002_1'])
    const dup = byKey(t, '0000000000000002_1')
    expect(dup).toMatchObject({ spanId: '0000000000000002', name: 'some-operation', service: 'service-x', parentIndex: -1 })
    expect(dup.warnings).toContainEqual(expect.objectContaining({ code: 'duplicate-id' }))
    // children of the repeated id attach to its first holder
    expect(t.spans[byKey(t, '0000000000000003').parentIndex]!.key).toBe('0000000000000002')
    expect(t.incomplete).toBe(false)
    expect(t.warnings.map((w) => w.message)).toContain('some trace warning')
  })

  it('ui_01: int64 beyond 2^53 stays exact text, binary stays base64, error=true is an error', () => {
    const t = load('ui_01-duplicate-ids-int64.json')
    const dup = byKey(t, '0000000000000002_1')
    expect(dup.attributes).toEqual({
      'peer.service': 'service-y',
      'peer.ipv4': 23456,
      error: true,
      temperature: 72.5,
      javascript_limit: '9223372036854775222',
      blob: 'AAAwOQ==',
    })
    expect(dup.status).toBe('error')
    expect(dup.remoteService).toBe('service-y')
    expect(t.errorCount).toBe(1)
    expect(t.services).toEqual([
      { name: 'service-x', spanCount: 2, errorCount: 1 },
      { name: 'service-y', spanCount: 3, errorCount: 0 },
    ])
  })

  it('ui_01: the in-trace CHILD_OF is the parent; the cross-trace ref and FOLLOWS_FROM become links', () => {
    const t = load('ui_01-duplicate-ids-int64.json')
    const ref = byKey(t, '0000000000000004')
    expect(ref.parentSpanId).toBe('0000000000000002')
    expect(ref.links).toEqual([
      { traceId: '00000000000000ff', spanId: '00000000000000ff', kind: 'child_of' },
      { traceId: '0000000000000001', spanId: '0000000000000002', kind: 'follows_from' },
    ])
    expect(ref.warnings.map((w) => w.message)).toEqual(['some span warning'])
    expect(t.spans[byKey(t, '0000000000000005').parentIndex]).toBe(ref)
    const logs = byKey(t, '0000000000000002').events
    expect(logs).toEqual([
      { timeUs: 1485467191639875, name: 'some-event', attributes: { event: 'some-event' } },
      { timeUs: 1485467191639875, name: 'log', attributes: { x: 'y' } },
    ])
  })

  it('envelope-from-otlp: orphans kept at top level, repeated span id renamed, trace incomplete', () => {
    const parsed = parseTraceFile(readContractText('traces/jaeger/envelope-from-otlp.json'))
    expect(parsed.format).toBe('jaeger-envelope')
    const t = parsed.traces[0]!
    expectPreorderInvariants(t)
    expect(t.traceId).toBe('83a9efd15c1c98a977e0711cc93ee28b')
    expect(t.spans.map((s) => [s.key, s.parentSpanId, s.parentIndex])).toEqual([
      ['e127af99e3b3e074', '909541b92cf05311', -1],
      ['e127af99e3b3e074_1', '909541b92cf05311', -1],
    ])
    expect(t.incomplete).toBe(true)
    expect(t.spans.every((s) => s.kind === 'server' && s.service === 'telemetrygen')).toBe(true)
    expect(t.warnings.map((w) => [w.code, w.count])).toEqual([
      ['missing-parent', 2],
      ['duplicate-id', 1],
    ])
  })

  it('genai-57-spans: 57 spans over 10 services, one error, one root, no repairs needed', () => {
    const t = load('genai-57-spans.json')
    expect(t.spanCount).toBe(57)
    expect(t.services).toHaveLength(10)
    expect(t.rootSpanIds).toEqual(['0000000000000001'])
    expect(t.spans[0]).toMatchObject({ service: 'api-edge', name: 'POST /api/graphql', kind: 'server' })
    expect(t.spans.filter((s) => s.status === 'error').map((s) => s.service)).toEqual(['k8s-api'])
    expect(Math.max(...t.spans.map((s) => s.depth))).toBe(7)
    expect(t.warnings).toEqual([])
    expect(t.spans.every((s) => s.warnings.length === 0)).toBe(true)
  })

  it('graph-11-spans: non-hex ids are kept (and flagged); FOLLOWS_FROM alone makes the parent', () => {
    const t = load('graph-11-spans.json')
    expect(t.spanCount).toBe(11)
    expect(t.spans.map((s) => s.key)).toEqual([
      'span-1', 'span-2', 'span-3', 'span-4', 'span-5', 'span-2_1', 'span-6', 'span-7', 'span-12', 'span-13', 'span-14',
    ])
    expect(t.spans[byKey(t, 'span-7').parentIndex]!.key).toBe('span-6')
    expect(byKey(t, 'span-2').status).toBe('error')
    expect(t.warnings).toEqual([expect.objectContaining({ code: 'invalid-id', count: 11 })])
    // both processes report hostname foobar.org: one clock, so no skew is guessed
    expect(t.spans.some((s) => s.warnings.some((w) => w.code === 'skew-adjusted'))).toBe(false)
  })

  it('selftime fixtures: padded short ids resolve their parents', () => {
    const t = load('selftime-spanLongerAsParent.json')
    expect(t.spans.map((s) => s.key)).toContain('04b52eb0cabcb50a')
    expect(t.spans[byKey(t, 'afa59bdef0fc2561').parentIndex]!.key).toBe('04b52eb0cabcb50a')
    expect(t.rootSpanIds).toEqual(['ab496a7591486ffd'])
    for (const name of [
      'selftime-testTraceNormal.json',
      'selftime-traceWithOverlappingChildrenLongerThanParent.json',
      'selftime-traceWithSingleChildLongerThanParentAndStartsAfterParent.json',
      'selftime-traceWithThreeShortOverlappingChildren.json',
    ]) {
      const x = load(name)
      expect(x.rootSpanIds, name).toHaveLength(1)
      expect(x.warnings, name).toEqual([])
    }
  })

  it('dependencies-small.json is not a trace file: the error says what is accepted', () => {
    expect(() => parseTraceFile(readContractText('traces/jaeger/dependencies-small.json'))).toThrow(
      /found a list of 7 objects \(the first with keys "parent", "child", "callCount"\)\. Accepted: Zipkin v2 JSON/,
    )
  })
})
