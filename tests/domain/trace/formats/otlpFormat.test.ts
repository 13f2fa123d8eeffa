import { describe, expect, it } from 'vitest'
import { otlpToRaw } from '../../../../src/domain/trace'

const one = (span: Record<string, unknown>, resource: Record<string, unknown> = {}) =>
  otlpToRaw([{ resource, scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', ...span }] }] }]).spans[0]!

describe('OTLP JSON reader', () => {
  it('spans without events or links share one empty list of each; others keep their own', () => {
    const { spans } = otlpToRaw([
      {
        resource: {},
        scopeSpans: [
          {
            spans: [
              { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '01' },
              { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '02', events: [], links: [] },
              { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '03', events: [{ name: 'e', timeUnixNano: '5000' }], links: [{ traceId: 'ab', spanId: 'cd' }] },
            ],
          },
        ],
      },
    ])
    expect(spans[0]!.events).toEqual([])
    expect(spans[0]!.links).toEqual([])
    expect(spans[1]!.events).toBe(spans[0]!.events)
    expect(spans[1]!.links).toBe(spans[0]!.links)
    expect(spans[2]!.events).toMatchObject([{ name: 'e', timeUs: 5 }])
    expect(spans[2]!.links).toEqual([{ traceId: 'ab', spanId: 'cd', kind: 'link' }])
  })

  it('AnyValue: every variant becomes something printable, int64 exact', () => {
    const s = one({
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'b', value: { boolValue: false } },
        { key: 'i', value: { intValue: '12' } },
        { key: 'big', value: { intValue: '9007199254740993' } },
        { key: 'd', value: { doubleValue: 0.25 } },
        { key: 'nan', value: { doubleValue: 'NaN' } },
        { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
        { key: 'kv', value: { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } } },
        { key: 'bytes', value: { bytesValue: 'AQI=' } },
        { key: 'empty', value: {} },
      ],
    })
    expect(s.attributes).toEqual({ s: 'x', b: false, i: 12, big: '9007199254740993', d: 0.25, nan: 'NaN', arr: '["a",1]', kv: '{"k":true}', bytes: 'AQI=', empty: '' })
  })

  it('ids: hex lowercased; base64 ids (protobuf JSON mapping) converted to hex', () => {
    expect(one({ traceId: '0AF7651916CD43DD8448EB211C80319C' }).traceId).toBe('0af7651916cd43dd8448eb211c80319c')
    const s = one({ traceId: 'CvdlGRbNQ92ESOshHIAxnA==', spanId: 't61rcWkgMzE=', parentSpanId: '' })
    expect(s).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', parentSpanId: undefined })
  })

  it('kind as integer or enum name; status code 2 / STATUS_CODE_ERROR is an error with its message', () => {
    expect(one({ kind: 3 }).kind).toBe('client')
    expect(one({ kind: 'SPAN_KIND_CONSUMER' }).kind).toBe('consumer')
    expect(one({ kind: 9 }).kind).toBe('unspecified')
    expect(one({ status: { code: 2, message: 'bad' } })).toMatchObject({ status: 'error', statusMessage: 'bad' })
    expect(one({ status: { code: 'STATUS_CODE_ERROR' } }).status).toBe('error')
    expect(one({ status: { code: 1 } }).status).toBe('ok')
  })

  it('nanosecond strings become exact microseconds; end before start is left for buildTrace', () => {
    expect(one({ startTimeUnixNano: '1706678909209712345', endTimeUnixNano: '1706678909209835999' })).toMatchObject({
      startUs: 1706678909209712,
      durationUs: 123,
    })
    expect(one({ startTimeUnixNano: '2000000', endTimeUnixNano: '1000000' }).durationUs).toBe(-1000)
  })

  it('resource: service.name, host.name as clock host, scope name in the shared resource', () => {
    const s = one({}, { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }, { key: 'host.name', value: { stringValue: 'h1' } }] })
    expect(s).toMatchObject({ service: 'api', host: 'h1' })
    expect(s.resource).toEqual({ 'service.name': 'api', 'host.name': 'h1', 'otel.scope.name': 'lib', 'otel.scope.version': '1.0' })
  })

  it('events and links', () => {
    const s = one({
      events: [{ timeUnixNano: '5000', name: 'exception', attributes: [{ key: 'exception.message', value: { stringValue: 'x' } }] }],
      links: [{ traceId: '0af7651916cd43dd8448eb211c80319d', spanId: '00f067aa0ba902b7' }],
    })
    expect(s.events).toEqual([{ timeUs: 5, name: 'exception', attributes: { 'exception.message': 'x' } }])
    expect(s.links).toEqual([{ traceId: '0af7651916cd43dd8448eb211c80319d', spanId: '00f067aa0ba902b7', kind: 'link' }])
  })

  it('legacy instrumentationLibrarySpans (OTLP < 0.9) are read too', () => {
    const { spans } = otlpToRaw([{ instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old' }, spans: [{ spanId: '01' }] }] }])
    expect(spans).toHaveLength(1)
    expect(spans[0]!.resource).toEqual({ 'otel.scope.name': 'old' })
  })
})
