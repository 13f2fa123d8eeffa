import { describe, expect, it } from 'vitest'
import { parseTraceFile } from '@/domain/trace'
import { indexOfSpan, SPAN_ERROR, SPAN_SKEW, SPAN_WARNING, spanKeyAt, toWaterfallData, traceHeaderInfo } from '@/domain/waterfall'
import { generateTrace, toZipkinJson } from '../../../bench/generateTrace'
import { readContractText } from '../../support/contracts'
import { sampleTrace, span, traceOf } from '../../support/tracesHarness'

describe('compact waterfall data', () => {
  it('mirrors the trace rows: times relative to the start, tree indices, interned text', () => {
    const trace = sampleTrace()
    const d = toWaterfallData(trace)
    expect(d.count).toBe(6)
    expect([...d.startUs]).toEqual(trace.spans.map((s) => s.startUs - trace.startUs))
    expect([...d.parent]).toEqual(trace.spans.map((s) => s.parentIndex))
    expect([...d.subtreeEnd]).toEqual(trace.spans.map((s) => s.subtreeEnd))
    expect(trace.spans.map((s, i) => d.services[d.service[i] as number])).toEqual(trace.spans.map((s) => s.service))
    expect(d.services).toEqual(trace.services.map((s) => s.name))
    expect(trace.spans.map((_, i) => spanKeyAt(d, i))).toEqual(trace.spans.map((s) => s.key))
    expect((d.flags[5] as number) & SPAN_ERROR).toBe(SPAN_ERROR)
    expect(d.maxDepth).toBe(2)
    expect(traceHeaderInfo(trace, d.maxDepth)).toMatchObject({ rootService: 'root-svc', depth: 3, spanCount: 6, errorCount: 1 })
  })

  it('interns repeated names: 10,000 generated spans keep a small name table', () => {
    const trace = parseTraceFile(toZipkinJson(generateTrace(10_000))).traces[0]!
    const d = toWaterfallData(trace)
    expect(d.count).toBe(10_000)
    expect(d.names.length).toBeLessThan(300)
    expect(d.services).toHaveLength(8)
  })

  it('finds a span by key, by span id in any case, and not by a piece of an id', () => {
    const d = toWaterfallData(sampleTrace())
    expect(indexOfSpan(d, '00000000000000b1')).toBe(5)
    expect(indexOfSpan(d, '00000000000000B1')).toBe(5)
    expect(indexOfSpan(d, '000000000000b1')).toBe(-1)
    expect(indexOfSpan(d, '')).toBe(-1)
  })

  it('tells duplicate ids apart by their key and flags warnings and skew', () => {
    const trace = traceOf([
      span('0000000000000001'),
      span('0000000000000002', '0000000000000001'),
      span('0000000000000002', '0000000000000001', { startUs: 1_000_050 }),
    ])
    const d = toWaterfallData(trace)
    const dup = trace.spans.findIndex((s) => s.key !== s.spanId)
    expect(indexOfSpan(d, trace.spans[dup]!.key)).toBe(dup)
    expect((d.flags[dup] as number) & SPAN_WARNING).toBe(SPAN_WARNING)

    const skew = parseTraceFile(readContractText('traces/zipkin/skew.json')).traces[0]!
    const sd = toWaterfallData(skew)
    expect([...sd.flags].some((f) => (f & SPAN_SKEW) !== 0)).toBe(true)
  })
})
