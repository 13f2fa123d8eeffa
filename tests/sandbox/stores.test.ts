import { describe, expect, it } from 'vitest'
import { LogStore } from '../../sandbox/store/logStore'
import { ReleaseQueue } from '../../sandbox/store/releaseQueue'
import { TraceStore } from '../../sandbox/store/traceStore'
import { emitWithSdk, planMany, warmSandbox } from './sandboxFixtures'

const traces = emitWithSdk(planMany(31, 'steady', 12)).map((t) => t.spans)
const idOf = (i: number): string => traces[i]?.[0]?.spanContext().traceId ?? ''

describe('TraceStore', () => {
  it('keeps the last N traces and evicts the oldest whole', () => {
    const store = new TraceStore(5)
    for (const spans of traces) for (const s of spans) store.add(s)
    expect(store.size).toBe(5)
    expect(store.get(idOf(0))).toBeUndefined()
    expect(store.get(idOf(6))).toBeUndefined()
    const kept = store.get(idOf(11))
    expect(kept?.spans).toHaveLength(traces[11]?.length ?? -1)
    expect([...store.all()].map((t) => t.traceId)).toEqual([7, 8, 9, 10, 11].map(idOf))
  })

  it('finds a trace by its 32-hex id or upper case, never by its low 64 bits alone (as real Zipkin and Jaeger)', () => {
    const store = new TraceStore(20)
    for (const s of traces[3] ?? []) store.add(s)
    const id = idOf(3)
    expect(store.get(id)?.traceId).toBe(id)
    expect(store.get(id.toUpperCase())?.traceId).toBe(id)
    expect(id.startsWith('0000000000000000')).toBe(false)
    expect(store.get(id.slice(16))).toBeUndefined()
    expect(store.get('not-hex')).toBeUndefined()
  })

  it('tracks the trace bounds and its root', () => {
    const store = new TraceStore(20)
    for (const s of traces[2] ?? []) store.add(s)
    const t = store.get(idOf(2))
    const root = t && TraceStore.root(t)
    expect(root?.parentSpanContext).toBeUndefined()
    expect(t && t.endUs - t.startUs).toBeGreaterThan(0)
  })
})

describe('LogStore', () => {
  it('keeps the last M records with increasing _doc numbers and unique ids', () => {
    const store = new LogStore(100)
    for (let i = 0; i < 10_000; i++) store.add(i, { message: `m${i}` })
    const all = store.all()
    expect(all).toHaveLength(100)
    expect(all[0]?.doc.message).toBe('m9900')
    expect(all.every((e, i) => i === 0 || e.seq > (all[i - 1]?.seq ?? Infinity))).toBe(true)
    expect(new Set(all.map((e) => e.id)).size).toBe(100)
  })
})

describe('ReleaseQueue', () => {
  it('releases items in time order once their time has come', () => {
    const q = new ReleaseQueue<string>()
    q.push(30, 'c')
    q.push(10, 'a')
    q.push(20, 'b')
    q.push(10, 'a2')
    expect(q.drain(5)).toEqual([])
    expect(q.drain(20)).toEqual(['a', 'a2', 'b'])
    expect(q.size).toBe(1)
    expect(q.drain(100)).toEqual(['c'])
  })
})

describe('Sandbox release timing', () => {
  it('shows a span only once the clock has passed its end', () => {
    let now = 1_000_000
    const sandbox = warmSandbox(0, { now })
    const id = sandbox.simulate(now)
    sandbox.release(now)
    expect(sandbox.traces.get(id)).toBeUndefined()
    expect(sandbox.logs.size).toBe(0)
    now += 60_000
    sandbox.release(now)
    expect(sandbox.traces.get(id)?.spans.length).toBeGreaterThan(3)
    expect(sandbox.logs.size).toBeGreaterThan(0)
  })

  it('keeps warm-up traffic out of the metrics (history comes from the backfill)', async () => {
    const sandbox = warmSandbox(50)
    expect(sandbox.traces.size).toBe(50)
    const text = (await sandbox.metrics.render('api-gateway'))?.body ?? ''
    expect(text).not.toMatch(/traces_span_metrics_calls_total\{/)
    sandbox.simulate(Date.now() - 120_000)
    sandbox.release(Date.now())
    expect((await sandbox.metrics.render('api-gateway'))?.body).toMatch(/traces_span_metrics_calls_total\{[^}]*span_kind="SPAN_KIND_SERVER"/)
  })
})
