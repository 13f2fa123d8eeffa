import { mergeAttributes, NO_ATTRIBUTES } from './attributes'
import type { RawEndpoint, RawSpan, SpanEvent } from './model'
import type { SpanIdLookup } from './spanIdIndex'

/**
 * Zipkin-specific clean-up before the tree is built, after zipkin-lens span-cleaner.js:
 * - one span can arrive in several pieces (late annotations, a flush from another thread) with
 *   the same id, the same `shared` flag and compatible local endpoints: the pieces are merged;
 * - `shared` on a CLIENT is a mistake and is dropped;
 * - a SERVER reusing a CLIENT's id without the `shared` flag gets it (some instrumentation
 *   forgets it), and a shared server missing its parent id borrows its client's.
 * Unlike Lens, pieces whose start, duration or kind contradict each other are not merged: they
 * are separate spans reusing an id (the smartthings trace has five consumers of one message on
 * one endpoint), and merging them would hide real work. Non-Zipkin spans pass through untouched.
 * Returns undefined when nothing had to change (the usual case), so the caller keeps its work.
 */
export function mergeZipkinFragments(
  spans: readonly RawSpan[],
  ids: readonly string[],
  firstById: SpanIdLookup,
): RawSpan[] | undefined {
  const groups = new Map<string, number[]>()
  for (let i = 0; i < spans.length; i++) {
    const id = ids[i] as string
    const f = firstById.get(id) as number
    if (f === i || spans[i]?.format !== 'zipkin' || spans[f]?.format !== 'zipkin') continue
    const g = groups.get(id)
    if (g) g.push(i)
    else groups.set(id, [f, i])
  }
  if (groups.size === 0) return undefined

  let changed = false
  const replaced = new Map<number, RawSpan | null>()
  for (const indices of groups.values()) {
    const ordered = indices.slice().sort((a, b) => Number(isZipkinShared(spans[a])) - Number(isZipkinShared(spans[b])) || a - b)
    const merged: { at: number; span: RawSpan }[] = []
    for (const i of ordered) {
      const s = cleanShared(spans[i] as RawSpan)
      const into = merged.find((m) => isFragmentOf(m.span, s))
      if (into) into.span = mergeFragments(into.span, s)
      else merged.push({ at: i, span: s })
    }
    const filled = backfillShared(merged.map((m) => m.span))
    merged.forEach((m, k) => {
      m.span = filled[k] ?? m.span
    })
    for (const i of indices) replaced.set(i, null)
    for (const m of merged) replaced.set(m.at, m.span)
    if (merged.length !== indices.length || merged.some((m) => m.span !== spans[m.at])) changed = true
  }
  if (!changed) return undefined
  const out: RawSpan[] = []
  for (let i = 0; i < spans.length; i++) {
    const r = replaced.get(i)
    if (r === undefined) out.push(spans[i] as RawSpan)
    else if (r !== null) out.push(r)
  }
  return out
}

/** A Zipkin server half reusing its client's id; `shared` on a CLIENT is a mistake, ignored. */
export function isZipkinShared(s: RawSpan | undefined): boolean {
  return s?.format === 'zipkin' && s.shared === true && s.kind !== 'client'
}

function cleanShared(s: RawSpan): RawSpan {
  return s.shared && !isZipkinShared(s) ? { ...s, shared: false } : s
}

function backfillShared(group: RawSpan[]): RawSpan[] {
  const client = group.find((s) => !s.shared && s.kind === 'client')
  if (!client) return group
  return group.map((s) => {
    if (s === client) return s
    const shared = s.shared || s.kind === 'server'
    if (!shared) return s
    const parentSpanId = s.parentSpanId || client.parentSpanId
    return shared === s.shared && parentSpanId === s.parentSpanId ? s : { ...s, shared, parentSpanId }
  })
}

function isFragmentOf(a: RawSpan, b: RawSpan): boolean {
  return (
    !!a.shared === !!b.shared &&
    compatible(a.kind, b.kind) &&
    compatible(validTime(a.startUs), validTime(b.startUs)) &&
    compatible(validTime(a.durationUs), validTime(b.durationUs)) &&
    endpointsCompatible(a.endpoint, b.endpoint)
  )
}

function compatible<T>(a: T | undefined, b: T | undefined): boolean {
  return a === undefined || b === undefined || a === b
}

/** Zipkin treats 0 as "not set" for timestamp and duration. */
function validTime(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : undefined
}

function endpointsCompatible(a: RawEndpoint | undefined, b: RawEndpoint | undefined): boolean {
  if (!a || !b) return true
  return (
    compatible(a.serviceName, b.serviceName) &&
    compatible(a.ipv4, b.ipv4) &&
    compatible(a.ipv6, b.ipv6) &&
    compatible(a.port, b.port)
  )
}

function mergeFragments(a: RawSpan, b: RawSpan): RawSpan {
  const endpoint = a.endpoint && b.endpoint ? { ...b.endpoint, ...definedOnly(a.endpoint) } : (a.endpoint ?? b.endpoint)
  return {
    ...a,
    traceId: String(b.traceId ?? '').length > String(a.traceId ?? '').length ? b.traceId : a.traceId,
    parentSpanId: a.parentSpanId || b.parentSpanId,
    name: a.name || b.name,
    service: a.service || b.service,
    kind: a.kind ?? b.kind,
    startUs: validTime(a.startUs) ?? b.startUs,
    durationUs: validTime(a.durationUs) ?? b.durationUs,
    status: a.status === 'error' || b.status === 'error' ? 'error' : (a.status ?? b.status),
    statusMessage: a.statusMessage ?? b.statusMessage,
    attributes: mergeAttributes(a.attributes ?? NO_ATTRIBUTES, b.attributes ?? NO_ATTRIBUTES),
    events: mergeEvents(list(a.events), list(b.events)),
    links: [...list(a.links), ...list(b.links)],
    resource: a.resource ?? b.resource,
    backendWarnings: [...list(a.backendWarnings), ...list(b.backendWarnings)],
    remoteService: a.remoteService ?? b.remoteService,
    host: a.host ?? b.host,
    shared: !!a.shared || !!b.shared,
    endpoint,
  }
}

function list<T>(v: readonly T[] | undefined): readonly T[] {
  return Array.isArray(v) ? v : []
}

function definedOnly(e: RawEndpoint): RawEndpoint {
  const out: RawEndpoint = {}
  if (e.serviceName !== undefined) out.serviceName = e.serviceName
  if (e.ipv4 !== undefined) out.ipv4 = e.ipv4
  if (e.ipv6 !== undefined) out.ipv6 = e.ipv6
  if (e.port !== undefined) out.port = e.port
  return out
}

/** Union by (time, name), sorted by time: the same annotation sent in two pieces appears once. */
function mergeEvents(a: readonly SpanEvent[], b: readonly SpanEvent[]): readonly SpanEvent[] {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const seen = new Set(a.map((e) => `${e.timeUs}\u0000${e.name}`))
  const out = [...a]
  for (const e of b) if (!seen.has(`${e.timeUs}\u0000${e.name}`)) out.push(e)
  return out.sort((x, y) => x.timeUs - y.timeUs || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
}
