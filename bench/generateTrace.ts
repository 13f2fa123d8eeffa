/**
 * Deterministic synthetic traces shaped like BUDGETS.md describes: 8 services, depth up to 10
 * with ~70% of spans at depth 8–10, fan-out 1–50, ~5% errors, 4–6 tags per span. Written as
 * Zipkin v2 JSON or Jaeger query JSON text so benchmarks measure the real parse path.
 */

export interface GeneratedSpan {
  spanId: string
  parent: number
  depth: number
  service: number
  name: string
  kind: 'CLIENT' | 'SERVER' | undefined
  startUs: number
  durationUs: number
  error: boolean
  tags: Record<string, string>
}

export interface GeneratedTrace {
  traceId: string
  spans: GeneratedSpan[]
}

export const SERVICES = [
  'api-gateway',
  'auth-service',
  'business-service',
  'external-api',
  'orders-db',
  'cache',
  'queue-worker',
  'billing',
] as const

/** mulberry32: tiny, fast and good enough to make the same trace on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const hex16 = (n: number, r: () => number): string =>
  (Math.floor(r() * 0xffff) * 0x100000000 + n).toString(16).padStart(16, '0').slice(-16)

/** Builds a trace of exactly `count` spans (count ≥ 1). */
export function generateTrace(count: number, seed = 42): GeneratedTrace {
  const r = prng(seed)
  const spans: GeneratedSpan[] = []
  const children: number[] = []
  const fanOut: number[] = []
  const add = (parent: number): void => {
    const depth = parent < 0 ? 0 : (spans[parent] as GeneratedSpan).depth + 1
    const parentSpan = parent < 0 ? undefined : spans[parent]
    const service = parentSpan === undefined ? 0 : r() < 0.4 ? Math.floor(r() * SERVICES.length) : parentSpan.service
    const crossesService = parentSpan !== undefined && service !== parentSpan.service
    const i = spans.length
    spans.push({
      spanId: hex16(i + 1, r),
      parent,
      depth,
      service,
      name: `${['GET', 'POST', 'query', 'publish', 'call'][i % 5]} /op-${Math.floor(r() * 40)}`,
      kind: parentSpan === undefined || crossesService ? 'SERVER' : r() < 0.3 ? 'CLIENT' : undefined,
      startUs: 0,
      durationUs: 0,
      error: r() < 0.05,
      tags: makeTags(r, i),
    })
    children.push(0)
    fanOut.push(1 + Math.floor(r() * 50))
    if (parent >= 0) children[parent]! += 1
  }

  add(-1)
  // Shallow part (~30%): recent spans are preferred as parents so chains reach depth 7 quickly.
  const shallow = Math.max(1, Math.floor(count * 0.3))
  while (spans.length < Math.min(shallow, count)) {
    let parent = -1
    for (let tries = 0; tries < 8 && parent < 0; tries++) {
      const c = Math.max(0, spans.length - 1 - Math.floor(r() * 4))
      if ((spans[c] as GeneratedSpan).depth < 7 && (children[c] as number) < (fanOut[c] as number)) parent = c
    }
    if (parent < 0) parent = Math.floor(r() * spans.length)
    if ((spans[parent] as GeneratedSpan).depth >= 7) parent = 0
    add(parent)
  }
  // Deep part (~70%): spans at depth 8–10 under parents at depth 7–9, fan-out capped per span.
  const candidates: number[] = []
  for (let i = 0; i < spans.length; i++) if ((spans[i] as GeneratedSpan).depth >= 7) candidates.push(i)
  while (spans.length < count) {
    if (candidates.length === 0) {
      add(spans.length - 1)
      if ((spans[spans.length - 1] as GeneratedSpan).depth >= 7) candidates.push(spans.length - 1)
      continue
    }
    const k = Math.floor(r() * candidates.length)
    const parent = candidates[k] as number
    add(parent)
    const child = spans.length - 1
    if ((spans[child] as GeneratedSpan).depth <= 9) candidates.push(child)
    if ((children[parent] as number) >= (fanOut[parent] as number)) {
      candidates[k] = candidates[candidates.length - 1] as number
      candidates.pop()
    }
  }
  assignTimes(spans, r)
  return { traceId: hex16(7, r) + hex16(11, r), spans }
}

function makeTags(r: () => number, i: number): Record<string, string> {
  const tags: Record<string, string> = {
    'http.method': i % 3 === 0 ? 'POST' : 'GET',
    'http.url': `https://svc.internal/api/v1/items/${Math.floor(r() * 1e6)}`,
    component: 'http',
    'http.status_code': '200',
  }
  const extra = Math.floor(r() * 3)
  if (extra > 0) tags['db.statement'] = `select * from items where id = ${Math.floor(r() * 1e6)}`
  if (extra > 1) tags['peer.service'] = SERVICES[i % SERVICES.length] as string
  return tags
}

/** Parents come before children, so one pass places every child inside its parent's window. */
function assignTimes(spans: GeneratedSpan[], r: () => number): void {
  const base = 1_700_000_000_000_000
  for (const s of spans) {
    if (s.parent < 0) {
      s.startUs = base
      s.durationUs = 2_000_000
      continue
    }
    const p = spans[s.parent] as GeneratedSpan
    const offset = Math.floor(r() * p.durationUs * 0.5)
    s.startUs = p.startUs + offset
    s.durationUs = Math.max(1, Math.floor((p.durationUs - offset) * (0.2 + r() * 0.7)))
  }
}

/** Zipkin v2 JSON (`/api/v2/trace/{id}`), errors as `error` tags. */
export function toZipkinJson(trace: GeneratedTrace): string {
  return JSON.stringify(
    trace.spans.map((s) => ({
      traceId: trace.traceId,
      parentId: s.parent < 0 ? undefined : (trace.spans[s.parent] as GeneratedSpan).spanId,
      id: s.spanId,
      kind: s.kind,
      name: s.name,
      timestamp: s.startUs,
      duration: s.durationUs,
      localEndpoint: { serviceName: SERVICES[s.service], ipv4: `10.0.0.${s.service + 1}` },
      tags: s.error ? { ...s.tags, error: 'true' } : s.tags,
    })),
  )
}

/** Jaeger query JSON (`/api/traces/{id}` envelope), one process per service. */
export function toJaegerJson(trace: GeneratedTrace): string {
  const processes: Record<string, { serviceName: string; tags: { key: string; type: string; value: string }[] }> = {}
  SERVICES.forEach((name, i) => {
    processes[`p${i + 1}`] = { serviceName: name, tags: [{ key: 'ip', type: 'string', value: `10.0.0.${i + 1}` }] }
  })
  const spans = trace.spans.map((s) => {
    const tags = Object.entries(s.tags).map(([key, value]) => ({ key, type: 'string', value }))
    if (s.kind) tags.push({ key: 'span.kind', type: 'string', value: s.kind.toLowerCase() })
    const allTags: { key: string; type: string; value: string | boolean }[] = tags
    if (s.error) allTags.push({ key: 'error', type: 'bool', value: true })
    return {
      traceID: trace.traceId,
      spanID: s.spanId,
      operationName: s.name,
      references:
        s.parent < 0
          ? []
          : [{ refType: 'CHILD_OF', traceID: trace.traceId, spanID: (trace.spans[s.parent] as GeneratedSpan).spanId }],
      startTime: s.startUs,
      duration: s.durationUs,
      tags: allTags,
      logs: [],
      processID: `p${s.service + 1}`,
      warnings: null,
    }
  })
  return JSON.stringify({ data: [{ traceID: trace.traceId, spans, processes, warnings: null }], total: 0, limit: 0, offset: 0, errors: null })
}

/**
 * Jaeger v2's `/api/v3/traces/{id}` answer: OTLP JSON in `{result}`, one resourceSpans per
 * service (as Jaeger groups a trace's spans by process), fields in protojson order.
 */
export function toOtlpJson(trace: GeneratedTrace): string {
  const traceId = trace.traceId.padStart(32, '0')
  const nanos = (us: number): string => `${Math.round(us)}000`
  const resourceSpans = SERVICES.map((name, service) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }, { key: 'host.ip', value: { stringValue: `10.0.0.${service + 1}` } }] },
    scopeSpans: [
      {
        scope: { name: 'io.opentelemetry.bench', version: '1.0.0' },
        spans: trace.spans
          .filter((s) => s.service === service)
          .map((s) => ({
            traceId,
            spanId: s.spanId,
            parentSpanId: s.parent < 0 ? undefined : (trace.spans[s.parent] as GeneratedSpan).spanId,
            name: s.name,
            kind: s.kind === 'SERVER' ? 2 : s.kind === 'CLIENT' ? 3 : 1,
            startTimeUnixNano: nanos(s.startUs),
            endTimeUnixNano: nanos(s.startUs + s.durationUs),
            attributes: Object.entries(s.tags).map(([key, value]) => ({ key, value: { stringValue: value } })),
            status: s.error ? { code: 2, message: 'error' } : {},
          })),
      },
    ],
  }))
  return JSON.stringify({ result: { resourceSpans } })
}
