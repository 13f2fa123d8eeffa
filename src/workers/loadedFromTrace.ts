import type { Trace } from '@/domain/trace'
import { inlineChannel } from './engineChannel'
import { loadedTrace, type LoadedTrace } from './loadedTrace'
import { createEngineOps } from './traceEngineCore'

// Apart from loadedTrace.ts: a trace loaded through the worker needs none of the engine's code on the page.

/**
 * A trace built on the main thread (a host passing a `Trace` to `<TraceWaterfall>`): held by a
 * small engine of its own, the same code the worker runs.
 */
export function loadedFromTrace(trace: Trace): LoadedTrace {
  const ops = createEngineOps(() => undefined)
  return loadedTrace(inlineChannel(ops), ops.adopt(trace))
}
