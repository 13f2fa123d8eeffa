import { describe, expect, it } from 'vitest'
import { resolveLogMapping } from '@/domain/logs/mappingPresets'
import { toLogRecord } from '@/domain/logs/toLogRecord'

const ecs = resolveLogMapping('ecs')

describe('toLogRecord', () => {
  it('builds the id from index and _id and keeps the whole source and sort values', () => {
    const source = { '@timestamp': '2024-03-12T20:00:41.123Z', message: 'm', extra: { a: 1 } }
    const r = toLogRecord({ index: 'logs-1', id: 'abc', source, sort: [1710273641123, 7] }, ecs)
    expect(r.id).toBe('logs-1/abc')
    expect(r.index).toBe('logs-1')
    expect(r.fields).toBe(source)
    expect(r.sort).toEqual([1710273641123, 7])
  })

  it('falls back to the sort timestamp when _source has no readable time', () => {
    const r = toLogRecord({ index: 'i', id: '1', source: { message: 'm' }, sort: [1710273641123, 0] }, ecs)
    expect(r.timeMs).toBe(1710273641123)
    expect(r.timestamp).toBe('2024-03-12T20:00:41.123Z')
  })

  it('marks a record without any time with NaN and an empty timestamp, and still returns it', () => {
    const r = toLogRecord({ index: 'i', id: '1', source: { message: 'm' } }, ecs)
    expect(r.timeMs).toBeNaN()
    expect(r.timestamp).toBe('')
    expect(r.message).toBe('m')
  })

  it('uses the configured service name, then unknown-service', () => {
    const spring = resolveLogMapping({ base: 'spring-logstash', serviceName: 'billing' })
    expect(toLogRecord({ index: 'i', id: '1', source: {} }, spring).service).toBe('billing')
    expect(toLogRecord({ index: 'i', id: '1', source: { app: 'orders' } }, spring).service).toBe('orders')
    expect(toLogRecord({ index: 'i', id: '1', source: {} }, ecs).service).toBe('unknown-service')
  })

  it('drops trace and span ids that are not hex or all zeros, and canonicalises the rest', () => {
    const bad = toLogRecord({ index: 'i', id: '1', source: { trace: { id: 'n/a' }, span: { id: '0000000000000000' } } }, ecs)
    expect(bad.traceId).toBeUndefined()
    expect(bad.spanId).toBeUndefined()
    const good = toLogRecord({ index: 'i', id: '1', source: { trace: { id: '0000000000000000A1B2C3D4E5F60718' }, span: { id: 'ABC' } } }, ecs)
    expect(good.traceId).toBe('a1b2c3d4e5f60718')
    expect(good.spanId).toBe('0000000000000abc')
  })

  it('shows a structured OTel body as JSON', () => {
    const otel = resolveLogMapping('otel')
    const r = toLogRecord({ index: 'i', id: '1', source: { body: { structured: { event: 'login', ok: false } } } }, otel)
    expect(r.message).toBe('{"event":"login","ok":false}')
  })

  it('keeps the raw level and normalises it; severity number alone still gives a level', () => {
    const otel = resolveLogMapping('otel')
    const a = toLogRecord({ index: 'i', id: '1', source: { severity_text: 'Warning' } }, otel)
    expect([a.level, a.levelRaw]).toEqual(['warn', 'Warning'])
    const b = toLogRecord({ index: 'i', id: '1', source: { severity_number: 21 } }, otel)
    expect([b.level, b.levelRaw]).toEqual(['fatal', '21'])
    const c = toLogRecord({ index: 'i', id: '1', source: {} }, otel)
    expect([c.level, c.levelRaw]).toEqual(['unknown', undefined])
  })
})
