import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Trace } from '@/domain/trace'
import type { TraceboardContext } from '@/module/context'
import { BackendRequestError } from '@/services/errors'
import { startTracePrefetch, takeTracePrefetch } from '@/composables/useTracePrefetch'
import { traceEngineFor } from '@/composables/useTraceEngine'
import { backendOf, FakeWorker } from '../support/fakeTraceWorker'
import { sampleTrace, settle } from '../support/tracesHarness'

const ID = 'aaaaaaaaaaaaaaaa'

/** A context whose engine runs in a (fake) worker fetching from `getTrace`, as in the browser. */
function contextWith(getTrace: (id: string, signal?: AbortSignal) => Promise<Trace | undefined>, host: { http?: boolean } = {}): { ctx: TraceboardContext; worker: FakeWorker; asked: string[] } {
  const asked: string[] = []
  const worker = new FakeWorker(backendOf((id, signal) => (asked.push(id), getTrace(id, signal))))
  vi.stubGlobal('Worker', function FakeWorkerCtor() {
    return worker
  })
  const options = { backends: { traces: { kind: 'zipkin', url: '/api/traces' } }, http: host.http ? () => ({}) : undefined, traceHeaders: undefined }
  const ctx = { options, backends: { traces: undefined }, ready: async () => {} } as unknown as TraceboardContext
  return { ctx, worker, asked }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('trace prefetch (the request starts with the route, before the view)', () => {
  it('starts the worker request at once; the view takes it over instead of asking again', async () => {
    const { ctx, asked } = contextWith(async () => sampleTrace())
    startTracePrefetch(ctx, ID.toUpperCase())
    startTracePrefetch(ctx, ID)
    await settle(5)
    expect(asked).toEqual([ID])
    const taken = takeTracePrefetch(ctx, ID, new AbortController().signal)
    expect(taken).toBeDefined()
    expect((await taken)?.data.count).toBe(6)
    // Handed over once: a second view (or a reload of it) loads for itself.
    expect(takeTracePrefetch(ctx, ID, new AbortController().signal)).toBeUndefined()
    expect(asked).toEqual([ID])
  })

  it('comes too late when the view asked first (both wait for its chunk): it does not ask again', async () => {
    const { ctx, asked } = contextWith(async () => sampleTrace())
    expect(takeTracePrefetch(ctx, ID, new AbortController().signal)).toBeUndefined()
    await traceEngineFor(ctx).loadTrace(ID)
    startTracePrefetch(ctx, ID)
    await settle(5)
    expect(asked).toEqual([ID])
    // Only that once: a later visit of the same trace prefetches again.
    startTracePrefetch(ctx, ID)
    await settle(5)
    expect(asked).toEqual([ID, ID])
  })

  it('is not taken for another trace id, and a newer route cancels the older prefetch', async () => {
    const signals: AbortSignal[] = []
    const { ctx, worker } = contextWith((_id, signal) => {
      if (signal) signals.push(signal)
      return new Promise<Trace>((_, reject) => signal?.addEventListener('abort', () => reject(new BackendRequestError({ kind: 'cancelled', backend: 'Zipkin' }))))
    })
    startTracePrefetch(ctx, ID)
    await settle(5)
    expect(takeTracePrefetch(ctx, 'bbbbbbbbbbbbbbbb', new AbortController().signal)).toBeUndefined()
    startTracePrefetch(ctx, 'cccccccccccccccc')
    await settle(5)
    expect(worker.received.filter((m) => m.op === 'cancel')).toHaveLength(1)
    expect(signals[0]?.aborted).toBe(true)
    // The view that takes the prefetch and is left cancels it too.
    const view = new AbortController()
    const taken = takeTracePrefetch(ctx, 'cccccccccccccccc', view.signal)?.catch((e: unknown) => e)
    view.abort()
    expect(await taken).toBeInstanceOf(BackendRequestError)
    expect(signals[1]?.aborted).toBe(true)
  })

  it('does nothing for an invalid id, or when requests stay on the host axios (no worker fetch)', async () => {
    const bad = contextWith(async () => sampleTrace())
    startTracePrefetch(bad.ctx, 'not a trace id')
    await settle(5)
    expect(bad.asked).toEqual([])
    const host = contextWith(async () => sampleTrace(), { http: true })
    expect(traceEngineFor(host.ctx).loadsInWorker).toBe(false)
    startTracePrefetch(host.ctx, ID)
    await settle(5)
    expect(host.asked).toEqual([])
    expect(takeTracePrefetch(host.ctx, ID, new AbortController().signal)).toBeUndefined()
  })
})
