import { parseUserTraceId } from '@/domain/ids'
import type { TraceboardContext } from '@/module/context'
import type { LoadedTrace } from '@/workers/loadedTrace'
import { traceEngineFor } from './useTraceEngine'

interface Prefetch {
  traceId: string
  controller: AbortController
  result: Promise<LoadedTrace | undefined>
  timer: ReturnType<typeof setTimeout>
}

const pending = new WeakMap<TraceboardContext, Prefetch>()
// The trace a view loaded itself because no prefetch was there yet: the guard's prefetch of it,
// when its chunk comes after the view's (both wait for this module), is not needed any more.
const loadedByView = new WeakMap<TraceboardContext, string>()
/** A prefetch nobody took by then (the view's chunk failed to load…) is cancelled and freed. */
const UNCLAIMED_MS = 60_000

/**
 * Starts loading a trace as soon as its route is known (the route's guard), so the request runs
 * while the view's chunk, the strings and the service layer load, instead of after them. Only
 * where the worker does the request: it needs none of those. The trace view takes it over.
 */
export function startTracePrefetch(ctx: TraceboardContext, rawId: string): void {
  const traceId = parseUserTraceId(rawId)
  const byView = loadedByView.get(ctx)
  loadedByView.delete(ctx)
  if (!traceId || !ctx.options.backends.traces || byView === traceId) return
  const before = pending.get(ctx)
  if (before?.traceId === traceId) return
  if (before) drop(ctx, before)
  const engine = traceEngineFor(ctx)
  if (!engine.loadsInWorker) return
  const controller = new AbortController()
  const result = engine.loadTrace(traceId, controller.signal)
  // Its failure is shown by the view that takes it; until then it must not be "unhandled".
  result.catch(() => undefined)
  const prefetch: Prefetch = { traceId, controller, result, timer: setTimeout(() => drop(ctx, prefetch), UNCLAIMED_MS) }
  pending.set(ctx, prefetch)
}

/** The prefetched load of `traceId`, handed over once (cancelled with `signal`), or undefined. */
export function takeTracePrefetch(ctx: TraceboardContext, traceId: string, signal: AbortSignal): Promise<LoadedTrace | undefined> | undefined {
  const prefetch = pending.get(ctx)
  if (!prefetch || prefetch.traceId !== traceId) {
    loadedByView.set(ctx, traceId)
    return undefined
  }
  pending.delete(ctx)
  clearTimeout(prefetch.timer)
  if (signal.aborted) prefetch.controller.abort()
  else signal.addEventListener('abort', () => prefetch.controller.abort(), { once: true })
  return prefetch.result
}

function drop(ctx: TraceboardContext, prefetch: Prefetch): void {
  if (pending.get(ctx) === prefetch) pending.delete(ctx)
  clearTimeout(prefetch.timer)
  prefetch.controller.abort()
  void prefetch.result.then((loaded) => loaded?.release(), () => undefined)
}
