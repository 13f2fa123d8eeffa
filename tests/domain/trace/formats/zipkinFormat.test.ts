import { describe, expect, it } from 'vitest'
import { zipkinSpansToRaw } from '../../../../src/domain/trace'

const read = (span: Record<string, unknown>) => zipkinSpansToRaw([{ traceId: '00000000000000a1', id: '01', ...span }]).spans[0]!

describe('Zipkin v2 span reader', () => {
  it('any `error` tag is an error, its value the message (an empty value gives none)', () => {
    expect(read({ tags: { error: 'timeout' } })).toMatchObject({ status: 'error', statusMessage: 'timeout' })
    expect(read({ tags: { error: '' } })).toMatchObject({ status: 'error', statusMessage: undefined })
  })

  it('HTTP 5xx is an error on a SERVER span only; 4xx never', () => {
    expect(read({ kind: 'SERVER', tags: { 'http.status_code': '503' } })).toMatchObject({ status: 'error', statusMessage: 'HTTP 503' })
    expect(read({ kind: 'CLIENT', tags: { 'http.status_code': '503' } }).status).toBe('unset')
    expect(read({ kind: 'SERVER', tags: { 'http.status_code': '404' } }).status).toBe('unset')
    expect(read({ kind: 'SERVER', tags: { 'http.response.status_code': '500' } }).status).toBe('error')
  })

  it('kinds, endpoints and remote service', () => {
    const s = read({ kind: 'producer', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1', port: 80 }, remoteEndpoint: { serviceName: 'kafka' } })
    expect(s).toMatchObject({ kind: 'producer', service: 'a', host: '10.0.0.1', remoteService: 'kafka', format: 'zipkin' })
    expect(s.resource).toEqual({ 'service.name': 'a', 'endpoint.ipv4': '10.0.0.1', 'endpoint.port': 80 })
    expect(read({}).kind).toBe('unspecified')
  })

  it('spans of one endpoint share one resource object', () => {
    const { spans } = zipkinSpansToRaw([
      { traceId: 'a1', id: '01', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1' } },
      { traceId: 'a1', id: '02', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.1' } },
      { traceId: 'a1', id: '03', localEndpoint: { serviceName: 'a', ipv4: '10.0.0.2' } },
    ])
    expect(spans[0]!.resource).toBe(spans[1]!.resource)
    expect(spans[0]!.resource).not.toBe(spans[2]!.resource)
  })

  it('tags that are not strings are kept as printable values; a `__proto__` key is data, not a prototype', () => {
    const tags = JSON.parse('{"__proto__": "x", "n": 3, "obj": {"a": 1}, "nil": null}') as Record<string, unknown>
    const s = read({ tags })
    expect(Object.keys(s.attributes!)).toEqual(['__proto__', 'n', 'obj', 'nil'])
    expect(s.attributes!['__proto__']).toBe('x')
    expect(s.attributes!.obj).toBe('{"a":1}')
    expect(s.attributes!.nil).toBe('')
    expect(Object.getPrototypeOf(s.attributes)).toBe(Object.prototype)
  })

  it('bad field types never reject the span; they are left for buildTrace to report', () => {
    const s = read({ timestamp: 'soon', duration: -3, name: 7, localEndpoint: 'x', annotations: [{ value: 'cs' }, 'junk'] })
    expect(s).toMatchObject({ startUs: Number.NaN, durationUs: -3, name: undefined, service: undefined })
    expect(s.events).toEqual([{ timeUs: 0, name: 'cs', attributes: {} }])
  })

  it('non-object entries are counted, not converted', () => {
    expect(zipkinSpansToRaw([null, 3, { traceId: 'a', id: 'b' }])).toMatchObject({ skipped: 2, spans: [{ spanId: 'b' }] })
  })
})
