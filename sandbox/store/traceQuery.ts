import { SpanKind, type AttributeValue } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { attributeText, durationMicros, isError, parentIdOf, remoteServiceOf, serviceOf, spanIdOf } from '../wire/spanFields'
import type { StoredTrace, TraceStore } from './traceStore'

/** Conditions one span must meet together (how Zipkin's and Jaeger's in-memory stores match). */
export interface SpanCriteria {
  service?: string
  spanName?: string
  remoteService?: string
  spanKind?: SpanKind
  minDurationUs?: number
  maxDurationUs?: number
  /** Exact tag values; a span attribute, resource attribute or event attribute may hold them. */
  tags?: Readonly<Record<string, string>>
}

export interface TraceSearch extends SpanCriteria {
  /** Window on the trace start (its earliest span), epoch µs, inclusive. */
  startMinUs: number
  startMaxUs: number
  limit: number
  /** Zipkin compares service and span names lower-cased. */
  ignoreCase?: boolean
  /** Zipkin `annotationQuery`: words (a tag key or annotation) and `key=value` pairs, all required. */
  annotationQuery?: readonly { key: string; value?: string }[]
}

function same(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b
}

function tagValue(span: ReadableSpan, key: string): AttributeValue | undefined {
  const own = span.attributes[key] ?? span.resource.attributes[key]
  if (own !== undefined) return own
  for (const e of span.events) {
    const v = e.attributes?.[key]
    if (v !== undefined) return v
  }
  return undefined
}

/** True when `span` meets every criterion. */
export function spanMatches(span: ReadableSpan, c: SpanCriteria, ignoreCase = false): boolean {
  if (c.service !== undefined && !same(serviceOf(span), c.service, ignoreCase)) return false
  if (c.spanName !== undefined && !same(span.name, c.spanName, ignoreCase)) return false
  if (c.remoteService !== undefined) {
    const remote = remoteServiceOf(span)
    if (remote === undefined || !same(remote, c.remoteService, ignoreCase)) return false
  }
  if (c.spanKind !== undefined && span.kind !== c.spanKind) return false
  const d = durationMicros(span)
  if (c.minDurationUs !== undefined && d < c.minDurationUs) return false
  if (c.maxDurationUs !== undefined && d > c.maxDurationUs) return false
  for (const [key, want] of Object.entries(c.tags ?? {})) {
    const v = key === 'error' && isError(span) && want === 'true' ? 'true' : tagValue(span, key)
    if (v === undefined || attributeText(v) !== want) return false
  }
  return true
}

function annotationsSatisfied(spans: readonly ReadableSpan[], terms: readonly { key: string; value?: string }[]): boolean {
  return terms.every(({ key, value }) =>
    spans.some((s) => {
      if (value === undefined) {
        if (key === 'error' && isError(s)) return true
        return tagValue(s, key) !== undefined || s.events.some((e) => e.name === key)
      }
      const v = tagValue(s, key)
      return v !== undefined && attributeText(v) === value
    }),
  )
}

/** Matching traces, newest first, at most `limit`. */
export function searchTraces(store: TraceStore, q: TraceSearch): StoredTrace[] {
  const ignoreCase = q.ignoreCase ?? false
  const out: StoredTrace[] = []
  for (const t of store.all()) {
    if (t.startUs < q.startMinUs || t.startUs > q.startMaxUs) continue
    const matching = t.spans.filter((s) => spanMatches(s, q, ignoreCase))
    if (matching.length === 0) continue
    if (q.annotationQuery && q.annotationQuery.length > 0) {
      const scope = q.service === undefined ? t.spans : t.spans.filter((s) => same(serviceOf(s), q.service ?? '', ignoreCase))
      if (!annotationsSatisfied(scope, q.annotationQuery)) continue
    }
    out.push(t)
  }
  out.sort((a, b) => b.startUs - a.startUs)
  return out.slice(0, Math.max(0, q.limit))
}

/** Every service with spans in the store, sorted. */
export function listServices(store: TraceStore): string[] {
  const names = new Set<string>()
  for (const t of store.all()) for (const s of t.spans) names.add(serviceOf(s))
  return [...names].sort()
}

/** Span names of one service with their kinds, sorted by name. */
export function listOperations(store: TraceStore, service: string, ignoreCase = false): { name: string; kind: SpanKind }[] {
  const seen = new Map<string, { name: string; kind: SpanKind }>()
  for (const t of store.all()) {
    for (const s of t.spans) {
      if (!same(serviceOf(s), service, ignoreCase)) continue
      const key = `${s.kind}\u0000${s.name}`
      if (!seen.has(key)) seen.set(key, { name: s.name, kind: s.kind })
    }
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind - b.kind))
}

/** Remote peers (`peer.service`) called by one service, sorted. */
export function listRemoteServices(store: TraceStore, service: string, ignoreCase = false): string[] {
  const names = new Set<string>()
  for (const t of store.all()) {
    for (const s of t.spans) {
      const remote = remoteServiceOf(s)
      if (remote && same(serviceOf(s), service, ignoreCase)) names.add(remote)
    }
  }
  return [...names].sort()
}

export interface DependencyLink {
  parent: string
  child: string
  callCount: number
  errorCount: number
}

/**
 * Service call graph of the traces that started in the window. Each span whose parent belongs
 * to another service is one call (Jaeger's rule). With `includePeers` (Zipkin's linker), a
 * client or producer span to an uninstrumented `peer.service` counts as a call to that peer.
 */
export function dependencyLinks(store: TraceStore, startMinUs: number, startMaxUs: number, includePeers: boolean): DependencyLink[] {
  const links = new Map<string, DependencyLink>()
  const add = (parent: string, child: string, error: boolean): void => {
    const key = `${parent}\u0000${child}`
    const link = links.get(key) ?? { parent, child, callCount: 0, errorCount: 0 }
    link.callCount++
    if (error) link.errorCount++
    links.set(key, link)
  }
  for (const t of store.all()) {
    if (t.startUs < startMinUs || t.startUs > startMaxUs) continue
    const byId = new Map(t.spans.map((s) => [spanIdOf(s), s] as const))
    const hasChildElsewhere = new Set<string>()
    for (const s of t.spans) {
      const parentId = parentIdOf(s)
      const parent = parentId === undefined ? undefined : byId.get(parentId)
      if (parent && serviceOf(parent) !== serviceOf(s)) {
        add(serviceOf(parent), serviceOf(s), isError(s))
        hasChildElsewhere.add(spanIdOf(parent))
      }
    }
    if (!includePeers) continue
    for (const s of t.spans) {
      const remote = remoteServiceOf(s)
      const outgoing = s.kind === SpanKind.CLIENT || s.kind === SpanKind.PRODUCER
      if (remote && outgoing && !hasChildElsewhere.has(spanIdOf(s))) add(serviceOf(s), remote, isError(s))
    }
  }
  return [...links.values()].sort((a, b) => (a.parent + a.child < b.parent + b.child ? -1 : 1))
}
