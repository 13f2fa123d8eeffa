import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { describe, expect, it } from 'vitest'
import { buildTrace, readJaegerTrace, jaegerTraceToRaw, otlpToRaw, zipkinSpansToRaw } from '@/domain/trace'
import { toJaegerTrace } from '../../sandbox/wire/jaeger'
import { toOtlpResourceSpans } from '../../sandbox/wire/otlp'
import { toZipkinSpan } from '../../sandbox/wire/zipkin'
import { emitWithSdk, planMany } from './sandboxFixtures'

// Real ReadableSpans from the OpenTelemetry SDK: error-burst traffic has errors and exception events.
const traces = emitWithSdk(planMany(21, 'error-burst', 80)).map((t) => t.spans)
const all = traces.flat()
const find = (pred: (s: ReadableSpan) => boolean): ReadableSpan => {
  const s = all.find(pred)
  if (!s) throw new Error('no such span in the fixture traffic')
  return s
}
const gatewayServer = find((s) => s.kind === SpanKind.SERVER && s.resource.attributes['service.name'] === 'api-gateway')
const dbClient = find((s) => s.attributes['db.system'] === 'postgresql')
const internal = find((s) => s.kind === SpanKind.INTERNAL)
const failed = find((s) => s.status.code === SpanStatusCode.ERROR && s.events.some((e) => e.name === 'exception'))
const producer = find((s) => s.kind === SpanKind.PRODUCER)
const errorTrace = traces.find((t) => t.includes(failed)) ?? []

/** Structure every format must keep: span id → [parent id, service]. */
const shape = (spans: readonly { spanId: string; parentSpanId?: string | undefined; service?: string | undefined }[]) =>
  Object.fromEntries(spans.map((s) => [s.spanId, [s.parentSpanId ?? null, s.service]]))
const expected = shape(errorTrace.map((s) => ({ spanId: s.spanContext().spanId, parentSpanId: s.parentSpanContext?.spanId, service: String(s.resource.attributes['service.name']) })))

describe('OTel span → Zipkin v2', () => {
  it('maps ids, kind, µs times, local and remote endpoints', () => {
    const z = toZipkinSpan(dbClient)
    expect(z.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(z.id).toBe(dbClient.spanContext().spanId)
    expect(z.parentId).toBe(dbClient.parentSpanContext?.spanId)
    expect(z.kind).toBe('CLIENT')
    expect(z.localEndpoint).toEqual({ serviceName: 'business-service' })
    expect(z.remoteEndpoint).toEqual({ serviceName: 'orders-db', port: 5432 })
    expect(z.timestamp).toBe(dbClient.startTime[0] * 1e6 + Math.round(dbClient.startTime[1] / 1000))
    expect(z.duration).toBeGreaterThanOrEqual(1)
    expect(toZipkinSpan(gatewayServer).parentId).toBeUndefined()
  })

  it('omits kind for INTERNAL spans and lower-cases names as the Zipkin server stores them', () => {
    const z = toZipkinSpan(internal)
    expect(z.kind).toBeUndefined()
    expect(toZipkinSpan(gatewayServer).name).toBe(gatewayServer.name.toLowerCase())
  })

  it('writes every tag as a string, with resource attributes, scope and status', () => {
    const z = toZipkinSpan(gatewayServer)
    expect(Object.values(z.tags).every((v) => typeof v === 'string')).toBe(true)
    expect(z.tags['http.response.status_code']).toMatch(/^\d{3}$/)
    expect(z.tags['service.version']).toBeDefined()
    expect(z.tags['service.name']).toBeUndefined()
    expect(z.tags['otel.scope.name']).toBe(gatewayServer.instrumentationScope.name)
  })

  it('marks errors with the `error` tag and turns events into annotations', () => {
    const z = toZipkinSpan(failed)
    expect(z.tags.error).toBe(failed.status.message)
    expect(z.tags['otel.status_code']).toBe('ERROR')
    const exception = z.annotations?.find((a) => a.value.startsWith('exception|'))
    expect(exception?.value).toContain('exception.stacktrace')
    expect(toZipkinSpan(producer).remoteEndpoint?.serviceName).toBe('kafka')
  })

  it('reads back through Traceboard’s Zipkin reader into the same tree', () => {
    expect(Object.keys(expected).length).toBeGreaterThan(5)
    const raw = zipkinSpansToRaw(errorTrace.map(toZipkinSpan))
    expect(raw.skipped).toBe(0)
    const trace = buildTrace(raw.spans)
    expect(shape(trace.spans)).toEqual(expected)
    expect(trace.errorCount).toBe(errorTrace.filter((s) => s.status.code === SpanStatusCode.ERROR).length)
  })
})

describe('OTel spans → Jaeger v1 trace', () => {
  const jt = toJaegerTrace(errorTrace)

  it('has one process per service holding the resource, and CHILD_OF references', () => {
    const services = Object.values(jt.processes).map((p) => p.serviceName)
    expect(new Set(services).size).toBe(services.length)
    expect(Object.keys(jt.processes)[0]).toBe('p1')
    expect(jt.processes.p1?.tags.some((t) => t.key === 'service.version')).toBe(true)
    const child = jt.spans.find((s) => s.spanID === dbClient.spanContext().spanId) ?? jt.spans.find((s) => s.references.length > 0)
    expect(child?.references[0]?.refType).toBe('CHILD_OF')
    expect(jt.spans.every((s) => jt.processes[s.processID] !== undefined)).toBe(true)
  })

  it('types tags (int64, bool, string) and flags errors with error=true', () => {
    const span = jt.spans.find((s) => s.spanID === failed.spanContext().spanId)
    expect(span?.tags).toContainEqual({ key: 'error', type: 'bool', value: true })
    expect(span?.tags.find((t) => t.key === 'span.kind')?.value).toBeDefined()
    const gw = toJaegerTrace([gatewayServer]).spans[0]
    expect(gw?.tags.find((t) => t.key === 'http.response.status_code')?.type).toBe('int64')
    expect(span?.logs.some((l) => l.fields[0]?.key === 'event' && l.fields[0]?.value === 'exception')).toBe(true)
  })

  it('reads back through Traceboard’s Jaeger reader into the same tree', () => {
    // Over the wire: JSON, then the client's own schema.
    const raw = jaegerTraceToRaw(readJaegerTrace(JSON.parse(JSON.stringify(jt))) ?? { spans: [] })
    const trace = buildTrace(raw.spans)
    expect(shape(trace.spans)).toEqual(expected)
  })
})

describe('OTel spans → OTLP JSON (Jaeger v2 /api/v3)', () => {
  const rs = toOtlpResourceSpans(errorTrace)

  it('groups by resource and scope with hex ids, ns strings, integer kind and status', () => {
    const services = rs.map((r) => r.resource.attributes.find((a) => a.key === 'service.name')?.value)
    expect(new Set(services.map((v) => JSON.stringify(v))).size).toBe(rs.length)
    const spans = rs.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))
    expect(spans).toHaveLength(errorTrace.length)
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/)
      expect(s.startTimeUnixNano).toMatch(/^\d{19}$/)
      expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true)
      expect([1, 2, 3, 4, 5]).toContain(s.kind)
    }
    const root = spans.find((s) => s.spanId === errorTrace.find((x) => !x.parentSpanContext)?.spanContext().spanId)
    expect(root?.parentSpanId).toBeUndefined()
    expect(spans.find((s) => s.spanId === failed.spanContext().spanId)?.status.code).toBe(2)
    const ok = spans.find((s) => s.status.code === undefined)
    expect(ok?.status).toEqual({})
    const status = spans.flatMap((s) => s.attributes ?? []).find((a) => a.key === 'http.response.status_code')
    expect(status?.value).toEqual({ intValue: expect.stringMatching(/^\d{3}$/) })
  })

  it('reads back through Traceboard’s OTLP reader into the same tree', () => {
    const raw = otlpToRaw(rs)
    expect(raw.skipped).toBe(0)
    expect(shape(buildTrace(raw.spans).spans)).toEqual(expected)
  })
})
