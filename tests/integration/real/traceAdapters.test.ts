import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Trace, TraceSummary } from '@/domain/trace'
import { createHttpClient } from '@/services/http'
import { createJaegerBackend, createJaegerV3Backend, createZipkinBackend, type TraceBackend, type TraceBackendKind } from '@/services/traces'
import { SERVICES } from '../../../sandbox/model/topology'
import { startSandboxServer, type RunningServer } from '../../../sandbox/server'
import type { Sandbox } from '../../../sandbox/sandbox'
import { failureOf } from '../../support/failureOf'
import { parityDataset } from './dataset'
import { exportSpans } from '../../../sandbox/telemetry/realExport'
import { largeTrace } from './largeTrace'
import { waitForTraces } from './waitForTraces'

// Every TraceBackend adapter against its real server (Zipkin 3, Jaeger v2 through /api and
// /api/v3), and the same calls against the sandbox that imitates them, fed the same spans:
// the real answers are checked for what a user relies on, and the imitation must agree.
const ctx = inject('realBackends')
const now = ctx.nowMs
const window = { startMs: now - 3_600_000, endMs: now + 60_000 }
const KINDS: TraceBackendKind[] = ['zipkin', 'jaeger', 'jaeger-v3']

let sandbox: Sandbox
let imitation: RunningServer

const client = (backend: string, baseURL: string) => createHttpClient({ backend, baseURL, retry: { retries: 0 } })
function adapter(kind: TraceBackendKind, real: boolean): TraceBackend {
  if (kind === 'zipkin') return createZipkinBackend(client('zipkin', real ? ctx.zipkin : `${imitation.url}/zipkin`))
  const base = real ? ctx.jaeger : `${imitation.url}/jaeger`
  return kind === 'jaeger' ? createJaegerBackend(client('jaeger', base)) : createJaegerV3Backend(client('jaeger-v3', base))
}

/** A trace as its shape: span id → parent, service, lower-cased name (Zipkin lower-cases names). */
export function treeOf(t: Trace | undefined): Record<string, [string | null, string, string]> {
  return Object.fromEntries((t?.spans ?? []).map((s) => [s.spanId, [s.parentSpanId ?? null, s.service, s.name.toLowerCase()]]))
}
const ids = (traces: readonly TraceSummary[]) => traces.map((t) => t.traceId).sort()

beforeAll(async () => {
  sandbox = parityDataset(now)
  imitation = await startSandboxServer({ sandbox, port: 0, app: { traces: 'jaeger-v3' } })
})

afterAll(async () => {
  await imitation?.close()
  await sandbox?.shutdown()
})

describe.each(KINDS)('%s adapter against the real server', (kind) => {
  const real = () => adapter(kind, true)
  const imitated = () => adapter(kind, false)

  it('lists the services and each one’s operations, as the sandbox does', async () => {
    const services = await real().services()
    expect(services).toEqual([...SERVICES].sort())
    expect(await imitated().services()).toEqual(services)
    for (const service of SERVICES) {
      const names = (ops: { name: string }[]) => ops.map((o) => o.name.toLowerCase()).sort()
      const realOps = await real().operations(service)
      expect(names(realOps).length, service).toBeGreaterThan(0)
      expect(names(await imitated().operations(service)), service).toEqual(names(realOps))
    }
    const gateway = await real().operations('api-gateway')
    expect(gateway.map((o) => o.name.toLowerCase())).toEqual(expect.arrayContaining(['get /api/orders', 'post /api/orders']))
    if (kind !== 'zipkin') expect(gateway.find((o) => o.name.toLowerCase() === 'post /api/orders')?.spanKind).toBe('server')
  })

  it('searches by service, time window and limit, newest first', async () => {
    const res = await real().searchTraces({ service: 'api-gateway', ...window, limit: 15 })
    expect(res.partial).toBe(false)
    expect(res.traces).toHaveLength(15)
    const starts = res.traces.map((t) => t.startUs)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    expect(res.traces.every((t) => t.spanCount > 3 && t.services.length >= 2 && t.rootService === 'api-gateway')).toBe(true)
    const mine = await imitated().searchTraces({ service: 'api-gateway', ...window, limit: 15 })
    if (kind === 'zipkin') expect(ids(mine.traces)).toEqual(ids(res.traces))
    else {
      // A known difference: Jaeger's memory store returns the traces it RECEIVED last
      // (internal/storage/v2/memory/tenant.go walks its ring from the newest insert), and OTLP
      // batches group spans by resource, so with a limit the set is "recent", not "latest
      // started". The adapter still lists them newest first; without a limit the sets agree.
      const all = ids((await imitated().searchTraces({ service: 'api-gateway', ...window, limit: 1000 })).traces)
      expect(all).toEqual(expect.arrayContaining(ids(res.traces)))
      expect(ids((await real().searchTraces({ service: 'api-gateway', ...window, limit: 1000 })).traces)).toEqual(all)
    }
  })

  it('filters by operation, tag and duration like the imitation does', async () => {
    const queries = [
      { service: 'api-gateway', operation: 'POST /api/orders' },
      { service: 'business-service', tags: { 'tenant.id': 'globex' } },
      { service: 'api-gateway', minDurationUs: 60_000 },
      { service: 'api-gateway', minDurationUs: 10_000, maxDurationUs: 40_000 },
    ]
    for (const q of queries) {
      const res = await real().searchTraces({ ...q, ...window, limit: 400 })
      expect(res.traces.length, JSON.stringify(q)).toBeGreaterThan(0)
      expect(ids((await imitated().searchTraces({ ...q, ...window, limit: 400 })).traces), JSON.stringify(q)).toEqual(ids(res.traces))
    }
    const globex = await real().searchTraces({ service: 'business-service', tags: { 'tenant.id': 'globex' }, ...window, limit: 5 })
    for (const s of globex.traces) {
      const t = await real().getTrace(s.traceId)
      expect(t?.spans.some((sp) => sp.attributes['tenant.id'] === 'globex')).toBe(true)
    }
  })

  it('answers an empty window and an unknown service with no traces, not an error', async () => {
    const past = { startMs: now - 30 * 86_400_000, endMs: now - 29 * 86_400_000, limit: 10 }
    expect((await real().searchTraces({ service: 'api-gateway', ...past })).traces).toEqual([])
    expect((await real().searchTraces({ service: 'no-such-service', ...window, limit: 10 })).traces).toEqual([])
  })

  it('fetches every trace with every span, the same tree as the imitation', async () => {
    for (const stored of [...sandbox.traces.all()].slice(0, 40)) {
      const t = await real().getTrace(stored.traceId)
      expect(t?.spanCount, stored.traceId).toBe(stored.spans.length)
      expect(t?.warnings.map((w) => w.code), stored.traceId).toEqual([])
      expect(treeOf(t)).toEqual(treeOf(await imitated().getTrace(stored.traceId)))
    }
  })

  it('answers "no such trace" for an unknown id and refuses a malformed one before any request', async () => {
    expect(await real().getTrace('0123456789abcdef0123456789abcdef')).toBeUndefined()
    expect(await real().getTrace('0123456789abcdef')).toBeUndefined()
    expect((await failureOf(real().getTrace('not-a-trace-id'))).kind).toBe('invalidInput')
  })

  it('turns the server’s own refusal into a readable failure that names what is wrong', async () => {
    // What each real server refuses, and how: Zipkin a plain-text 400 for a limit below 1,
    // Jaeger v1 a JSON envelope with `errors` for a search without a service, Jaeger v3
    // `{error: {httpCode, message}}` (sent as text/plain) for more traces than its store keeps.
    const refusals = {
      zipkin: [{ ...window, service: 'api-gateway', limit: 0 }, /limit/],
      jaeger: [{ ...window, limit: 10 }, /service/],
      'jaeger-v3': [{ ...window, service: 'api-gateway', limit: 200_000 }, /search depth/],
    } as const
    const [query, says] = refusals[kind]
    const failure = await failureOf(real().searchTraces(query))
    expect(failure.kind, JSON.stringify(failure)).toMatch(/^(backendError|http)$/)
    expect(failure.kind === 'backendError' || failure.kind === 'http' ? failure.message : '', JSON.stringify(failure)).toMatch(says)
  })

  it('reports the dependency graph', async () => {
    const links = await real().dependencies({ endMs: now + 60_000, lookbackMs: 3_600_000 })
    expect(links).toEqual(expect.arrayContaining([expect.objectContaining({ parent: 'api-gateway', child: 'auth-service' })]))
    expect(links.find((l) => l.parent === 'business-service' && l.child === 'external-api')?.callCount).toBeGreaterThan(0)
  })
})

describe('one trace through all three adapters', () => {
  it('gives the same tree from Zipkin, Jaeger /api and Jaeger /api/v3', async () => {
    for (const stored of [...sandbox.traces.all()].slice(0, 10)) {
      const trees = await Promise.all(KINDS.map(async (k) => treeOf(await adapter(k, true).getTrace(stored.traceId))))
      expect(Object.keys(trees[0] ?? {})).toHaveLength(stored.spans.length)
      expect(trees[1]).toEqual(trees[0])
      expect(trees[2]).toEqual(trees[0])
    }
  })

  it('reads a trace of 5,000 spans whole and alike through every adapter', async () => {
    const big = await largeTrace(5000)
    await exportSpans({ zipkin: ctx.zipkin, otlp: ctx.jaegerOtlp }, big.spans)
    await waitForTraces(ctx.jaeger, new Map([[big.traceId, big.spans.length]]))
    const trees = []
    for (const k of KINDS) {
      const t = await adapter(k, true).getTrace(big.traceId)
      expect(t?.spanCount, k).toBe(5000)
      expect(t?.warnings.map((w) => w.code), k).toEqual([])
      expect(t?.rootSpanIds, k).toHaveLength(1)
      trees.push(treeOf(t))
    }
    expect(trees[1]).toEqual(trees[0])
    expect(trees[2]).toEqual(trees[0])
  })

  it('does not find a 128-bit trace by its 16-hex low half, on any server or in the imitation', async () => {
    // Zipkin (STRICT_TRACE_ID=true by default) and Jaeger both read a 16-hex id as a 64-bit one.
    const id = sandbox.traces.all().next().value?.traceId ?? ''
    for (const k of KINDS) {
      expect(await adapter(k, true).getTrace(id.slice(16)), k).toBeUndefined()
      expect(await adapter(k, false).getTrace(id.slice(16)), k).toBeUndefined()
    }
  })
})
