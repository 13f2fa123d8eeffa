import { useTraceboardContext, type TraceboardContext } from '@/module/context'
import { createTraceEngine, type TraceEngine } from '@/workers/traceEngine'

const engines = new WeakMap<TraceboardContext, TraceEngine>()

/**
 * The app's one trace engine (one worker for every trace view). The worker fetches traces
 * itself only when the host passed no axios instance: a host's interceptors (auth headers,
 * token refresh) live on the main thread, so its requests stay there.
 */
export function useTraceEngine(): TraceEngine {
  const ctx = useTraceboardContext()
  let engine = engines.get(ctx)
  if (!engine) {
    const canSpawn = typeof Worker !== 'undefined'
    engine = createTraceEngine({
      backend: ctx.backends.traces,
      workerConfig: ctx.options.http ? undefined : ctx.options.backends.traces,
      spawnWorker: canSpawn
        ? () => new Worker(new URL('../workers/traceWorker.ts', import.meta.url), { type: 'module', name: 'traceboard-traces' })
        : undefined,
    })
    engines.set(ctx, engine)
  }
  return engine
}
