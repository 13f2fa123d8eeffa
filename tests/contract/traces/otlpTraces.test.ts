import { describe, expect, it } from 'vitest'
import { parseTraceFile } from '../../../src/domain/trace'
import { readContractText } from '../../support/contracts'
import { expectPreorderInvariants } from '../../domain/trace/invariants'

const parse = (path: string) => {
  const parsed = parseTraceFile(readContractText(`traces/${path}`))
  for (const t of parsed.traces) expectPreorderInvariants(t)
  return parsed
}

describe('OTLP JSON contract traces', () => {
  it('example-trace-3-services: resource service names, integer kinds, ns times to µs', () => {
    const { traces, format } = parse('otlp/example-trace-3-services.json')
    expect(format).toBe('otlp')
    expect(traces).toHaveLength(1)
    const t = traces[0]!
    // 128-bit id with a zero high half is the 64-bit id (ids.ts)
    expect(t.traceId).toBe('0000000000000011')
    expect(t.spanCount).toBe(5)
    expect(t.rootSpanIds).toHaveLength(5)
    expect(t.incomplete).toBe(false)
    expect(t.services.map((s) => [s.name, s.spanCount])).toEqual([
      ['example-service-1', 3],
      ['example-service-2', 1],
      ['example-service-3', 1],
    ])
    const byId = Object.fromEntries(t.spans.map((s) => [s.spanId, s]))
    expect(byId['0000000000000006']!.kind).toBe('server')
    expect(byId['0000000000000007']!.kind).toBe('client')
    expect(byId['0000000000000003']!.kind).toBe('unspecified')
    expect(byId['0000000000000003']).toMatchObject({ startUs: 1485449191639875, durationUs: 100, status: 'unset' })
    expect(byId['0000000000000003']!.events).toEqual([
      { timeUs: 1485449191639875, name: '', attributes: {} },
      { timeUs: 1485449191639875, name: '', attributes: {} },
    ])
    expect(byId['0000000000000004']!.resource['service.name']).toBe('example-service-2')
  })

  it('otlp-2-spans: same span twice under a missing parent → both kept, renamed, incomplete', () => {
    const t = parse('otlp/otlp-2-spans.json').traces[0]!
    expect(t.spans.map((s) => [s.key, s.parentSpanId, s.parentIndex])).toEqual([
      ['e127af99e3b3e074', '909541b92cf05311', -1],
      ['e127af99e3b3e074_1', '909541b92cf05311', -1],
    ])
    expect(t.incomplete).toBe(true)
    expect(t.spans[0]).toMatchObject({ kind: 'server', service: 'telemetrygen', startUs: 1706678909209712, durationUs: 123 })
    expect(t.spans[0]!.attributes).toEqual({ 'net.peer.ip': '1.2.3.4', 'peer.service': 'telemetrygen-client' })
    expect(t.spans[0]!.remoteService).toBe('telemetrygen-client')
    expect(t.spans[0]!.resource).toEqual({ 'service.name': 'telemetrygen', 'otel.scope.name': 'telemetrygen' })
  })

  it('otlp-error-span: empty resource → unknown-service; an empty status is unset, not an error', () => {
    const t = parse('otlp/otlp-error-span.json').traces[0]!
    expect(t.spanCount).toBe(1)
    expect(t.spans[0]).toMatchObject({ service: 'unknown-service', status: 'unset' })
    expect(t.errorCount).toBe(0)
    expect(t.warnings.map((w) => w.code).sort()).toEqual(['missing-parent', 'missing-service'])
  })
})

describe('Jaeger v3 (api_v3) contract payloads read as files', () => {
  for (const name of ['GetTrace', 'FindTraces']) {
    it(`${name}: {result: {resourceSpans}} with no times: status code 2 is an error, times repaired`, () => {
      const { traces, format } = parse(`jaeger-v3/${name}.json`)
      expect(format).toBe('otlp')
      expect(traces).toHaveLength(1)
      const t = traces[0]!
      expect(t.traceId).toBe('0000000000000001')
      expect(t.spans[0]).toMatchObject({ key: '0000000000000002', name: 'foobar', kind: 'server', status: 'error', durationUs: 0 })
      expect(t.errorCount).toBe(1)
      expect(t.spans[0]!.warnings.map((w) => w.code)).toEqual(['missing-timestamp', 'missing-duration', 'missing-service'])
    })
  }

  for (const name of ['GetServices', 'GetOperations', 'FindTraceSummaries']) {
    it(`${name} is not a trace file and says so`, () => {
      expect(() => parseTraceFile(readContractText(`traces/jaeger-v3/${name}.json`))).toThrow(/Not a trace file/)
    })
  }
})
