import { useTraceboardContext, type TraceboardContext } from '@/module/context'
import { createTraceEngine, type TraceEngine } from '@/workers/traceEngine'
import { spawnTraceWorker, takeEarlyTraceLoad } from '@/workers/earlyTraceLoad'

const engines = new WeakMap<TraceboardContext, TraceEngine>()

/**
 * The app's one trace engine (one worker for every trace view), also reachable outside a
 * component (the trace route's prefetch runs before any view exists). The worker fetches traces
 * itself unless the host passed an axios instance without a `traceHeaders` callback: a host's
 * interceptors (auth headers, token refresh) live on the main thread, so its requests stay there.
 */
export function traceEngineFor(ctx: TraceboardContext): TraceEngine {
  let engine = engines.get(ctx)
  if (!engine) {
    const canSpawn = typeof Worker !== 'undefined'
    const { http, traceHeaders, backends } = ctx.options
    engine = createTraceEngine({
      // Read when first needed: the service layer may still be loading when the engine is made.
      backend: () => ctx.backends.traces,
      ready: () => ctx.ready(),
      workerConfig: http && !traceHeaders ? undefined : backends.traces,
      traceHeaders,
      spawnWorker: canSpawn ? spawnTraceWorker : undefined,
      takeEarly: () => takeEarlyTraceLoad(ctx),
    })
    engines.set(ctx, engine)
  }
  return engine
}

export function useTraceEngine(): TraceEngine {
  return traceEngineFor(useTraceboardContext())
}
