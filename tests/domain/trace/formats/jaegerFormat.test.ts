import { describe, expect, it } from 'vitest'
import { buildTrace, jaegerTraceToRaw } from '../../../../src/domain/trace'

const trace = (spans: Record<string, unknown>[], processes: Record<string, unknown> = { p1: { serviceName: 'a', tags: [] } }) =>
  jaegerTraceToRaw({
    traceID: '00000000000000a1',
    spans: spans.map((s, i) => ({ traceID: '00000000000000a1', spanID: `0${i + 1}`, operationName: 'op', references: [], startTime: 1000, duration: 10, tags: [], logs: [], processID: 'p1', ...s })),
    processes,
  })

describe('Jaeger trace reader', () => {
  it('spans without links share one empty list; a span with links keeps its own', () => {
    const { spans } = trace([
      {},
      { references: [{ refType: 'CHILD_OF', traceID: '00000000000000a1', spanID: '01' }] },
      { references: [{ refType: 'FOLLOWS_FROM', traceID: '00000000000000b2', spanID: '07' }] },
    ])
    expect(spans[0]!.links).toEqual([])
    expect(spans[1]!.links).toBe(spans[0]!.links)
    expect(spans[1]!.parentSpanId).toBe('01')
    expect(spans[2]!.links).toEqual([{ traceId: '00000000000000b2', spanId: '07', kind: 'follows_from' }])
    expect(spans[2]!.parentSpanId).toBeUndefined()
  })

  it('error rules: error=true or "true", otel.status_code ERROR (message from otel.status_description), OK', () => {
    const { spans } = trace([
      { tags: [{ key: 'error', type: 'bool', value: true }] },
      { tags: [{ key: 'error', type: 'string', value: 'true' }] },
      { tags: [{ key: 'error', type: 'bool', value: false }] },
      { tags: [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'otel.status_description', type: 'string', value: 'boom' }] },
      { tags: [{ key: 'otel.status_code', type: 'string', value: 'OK' }] },
    ])
    expect(spans.map((s) => [s.status, s.statusMessage])).toEqual([
      ['error', undefined],
      ['error', undefined],
      ['unset', undefined],
      ['error', 'boom'],
      ['ok', undefined],
    ])
  })

  it('tag types: bool strings, int64 text, float64, unknown types as printable values', () => {
    const { spans } = trace([
      {
        tags: [
          { key: 'b', type: 'bool', value: 'true' },
          { key: 'small', type: 'int64', value: '42' },
          { key: 'big', type: 'int64', value: '-9223372036854775808' },
          { key: 'f', type: 'float64', value: '1.5' },
          { key: 'odd', type: 'weird', value: { x: 1 } },
          { nokey: true },
        ],
      },
    ])
    expect(spans[0]!.attributes).toEqual({ b: true, small: 42, big: '-9223372036854775808', f: 1.5, odd: '{"x":1}' })
  })

  it('process: service name, tags as resource, host from the ip/hostname tag (for clock skew)', () => {
    const { spans } = trace([{}], { p1: { serviceName: 'a', tags: [{ key: 'ip', type: 'string', value: '10.1.1.1' }] } })
    expect(spans[0]).toMatchObject({ service: 'a', host: '10.1.1.1' })
    expect(spans[0]!.resource).toEqual({ ip: '10.1.1.1', 'service.name': 'a' })
  })

  it('an inline `process` (older Jaeger JSON) is read when there is no processes map', () => {
    const { spans } = jaegerTraceToRaw({ traceID: 'a1', spans: [{ spanID: '01', process: { serviceName: 'inline', tags: [] } }] })
    expect(spans[0]!.service).toBe('inline')
  })

  it('span.kind tag gives the kind; FOLLOWS_FROM in-trace is the parent when there is no CHILD_OF', () => {
    const { spans } = trace([
      { tags: [{ key: 'span.kind', type: 'string', value: 'Producer' }] },
      { references: [{ refType: 'FOLLOWS_FROM', traceID: '00000000000000a1', spanID: '01' }] },
    ])
    expect(spans[0]!.kind).toBe('producer')
    expect(spans[1]).toMatchObject({ parentSpanId: '01', links: [] })
  })

  it('a reference into another trace is a link, never a parent', () => {
    const { spans } = trace([{ references: [{ refType: 'CHILD_OF', traceID: 'ffffffffffffffff', spanID: '09' }] }])
    expect(spans[0]!.parentSpanId).toBeUndefined()
    expect(spans[0]!.links).toEqual([{ traceId: 'ffffffffffffffff', spanId: '09', kind: 'child_of' }])
  })

  it('a hostile tag key is shown as data', () => {
    const { spans } = trace([{ tags: [{ key: '__proto__', type: 'string', value: '<img onerror=x>' }] }])
    expect(Object.keys(spans[0]!.attributes!)).toEqual(['__proto__'])
    expect(spans[0]!.attributes!['__proto__']).toBe('<img onerror=x>')
  })

  it('start times as strings and negative durations survive to be repaired with warnings', () => {
    const { spans } = trace([{ startTime: '1000', duration: -1 }])
    const t = buildTrace(spans)
    expect(t.spans[0]!.startUs).toBe(1000)
    expect(t.spans[0]!.warnings.map((w) => w.code)).toEqual(['invalid-duration'])
  })
})
