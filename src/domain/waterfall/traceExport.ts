import type { AttributeValue, Attributes, Span, Trace } from '../trace'
import type { AttributeMasker } from './attributeMasker'

interface JaegerTag {
  key: string
  type: 'string' | 'bool' | 'int64' | 'float64'
  value: AttributeValue
}

function tag(key: string, value: AttributeValue): JaegerTag {
  if (typeof value === 'boolean') return { key, type: 'bool', value }
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value }
  return { key, type: 'string', value }
}

function tagsOf(attributes: Attributes, mask: AttributeMasker | undefined, skip?: string): JaegerTag[] {
  const out: JaegerTag[] = []
  for (const key of Object.keys(attributes)) {
    if (key === skip) continue
    const raw = attributes[key] as AttributeValue
    const value = mask ? mask(key, raw) : raw
    if (value !== undefined) out.push(tag(key, value))
  }
  return out
}

/**
 * The trace as Jaeger query JSON (`{"data": [trace]}`), the format Jaeger UI and Traceboard's
 * own "open trace file" both read, so a downloaded trace can be opened again anywhere. Kind and
 * status travel as the `span.kind` / `error` / `otel.status_description` tags Jaeger uses;
 * display masking, when given, applies to what is written.
 */
export function traceToJaegerJson(trace: Trace, mask?: AttributeMasker): string {
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {}
  const processIds = new Map<string, string>()
  const processOf = (s: Span): string => {
    const key = `${s.service}\u0000${JSON.stringify(s.resource)}`
    let id = processIds.get(key)
    if (!id) {
      id = `p${processIds.size + 1}`
      processIds.set(key, id)
      processes[id] = { serviceName: s.service, tags: tagsOf(s.resource, mask, 'service.name') }
    }
    return id
  }
  const spans = trace.spans.map((s) => {
    const tags = tagsOf(s.attributes, mask)
    const has = (k: string): boolean => k in s.attributes
    if (s.kind !== 'unspecified' && !has('span.kind')) tags.push(tag('span.kind', s.kind))
    // Jaeger reads `error=true` or `otel.status_code`; a Zipkin `error` tag holds a message instead.
    const errorTag = s.attributes.error
    if (s.status === 'error' && errorTag !== true && errorTag !== 'true' && !has('otel.status_code')) {
      tags.push(has('error') ? tag('otel.status_code', 'ERROR') : tag('error', true))
    }
    if (s.status === 'ok' && !has('otel.status_code')) tags.push(tag('otel.status_code', 'OK'))
    if (s.statusMessage && !has('otel.status_description')) tags.push(tag('otel.status_description', s.statusMessage))
    const references = [
      ...(s.parentSpanId ? [{ refType: 'CHILD_OF', traceID: s.traceId, spanID: s.parentSpanId }] : []),
      ...s.links.map((l) => ({ refType: l.kind === 'follows_from' ? 'FOLLOWS_FROM' : 'CHILD_OF', traceID: l.traceId, spanID: l.spanId })),
    ]
    const backendWarnings = s.warnings.filter((w) => w.code === 'backend').map((w) => w.message)
    return {
      traceID: s.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references,
      startTime: s.startUs,
      duration: s.durationUs,
      tags,
      logs: s.events.map((e) => ({ timestamp: e.timeUs, fields: [tag('event', e.name), ...tagsOf(e.attributes, mask)] })),
      processID: processOf(s),
      warnings: backendWarnings.length > 0 ? backendWarnings : null,
    }
  })
  return JSON.stringify({ data: [{ traceID: trace.traceId, spans, processes, warnings: null }] })
}
