import { markRaw } from 'vue'
import type { TraceSummary } from '@/domain/trace'
import type { TracesBackendConfig } from '@/module/options'
import type { TraceBackend } from '@/services/traces'
import { inlineChannel, WorkerUnavailableError, workerChannel, type EngineChannel } from './engineChannel'
import { loadedTrace, type LoadedTrace } from './loadedTrace'
import { createEngineOps } from './traceEngineCore'
import type { OpArgs, OpResult } from './traceEngineProtocol'
import { responseEndFor } from './workerBackend'

export interface UploadedTrace {
  summary: TraceSummary
  open(): Promise<LoadedTrace>
  release(): void
}

export interface ParsedTraceUpload {
  format: string
  warnings: string[]
  traces: UploadedTrace[]
}

/** Where the trace page's work runs; see createTraceEngine. */
export interface TraceEngine {
  /** True when big traces are parsed off the main thread. */
  readonly usesWorker: boolean
  /** Undefined when the backend has no such trace; throws BackendRequestError otherwise. */
  loadTrace(traceId: string, signal?: AbortSignal): Promise<LoadedTrace | undefined>
  /** Throws TraceFileError for a file that is not a trace format. */
  parseFile(file: ArrayBuffer | string): Promise<ParsedTraceUpload>
  /** Self time per service of each trace (for the bottleneck ranking). */
  selfTimes(traceIds: string[], signal?: AbortSignal): Promise<Record<string, number>[]>
}

export interface TraceEngineOptions {
  /** The host's trace client, used on the main thread. */
  backend: TraceBackend | undefined
  /** The trace backend config, for the worker to build an identical client; omit to keep requests on the main thread. */
  workerConfig: TracesBackendConfig | undefined
  /** Starts the worker; omit where there are no workers (jsdom). */
  spawnWorker?: (() => Worker) | undefined
}

/**
 * Runs trace work in a Web Worker when one can be started, else on the main thread with the
 * very same code. Requests go through the worker only when `workerConfig` is given (no host
 * axios to honour); files are always parsed there. If the worker cannot start, every call falls
 * back to the main thread instead of failing.
 */
export function createTraceEngine(options: TraceEngineOptions): TraceEngine {
  const inline = inlineChannel(createEngineOps(() => options.backend, responseEndFor))
  let worker: (EngineChannel & { broken: () => boolean }) | undefined
  let workerTried = false

  const workerOrUndefined = (): typeof worker => {
    if (!workerTried) {
      workerTried = true
      try {
        if (options.spawnWorker) worker = workerChannel(options.spawnWorker())
      } catch {
        worker = undefined
      }
    }
    return worker && !worker.broken() ? worker : undefined
  }

  /** Calls in the worker, or inline when it is unavailable; returns the channel that answered. */
  async function call<K extends 'load' | 'parseFile' | 'selfTimes'>(
    op: K,
    workerArgs: OpArgs<K>,
    inlineArgs: OpArgs<K>,
    preferWorker: boolean,
    signal?: AbortSignal,
  ): Promise<{ channel: EngineChannel; value: OpResult<K> }> {
    const w = preferWorker ? workerOrUndefined() : undefined
    if (w) {
      try {
        return { channel: w, value: await w.call(op, workerArgs, signal) }
      } catch (e) {
        if (!(e instanceof WorkerUnavailableError)) throw e
      }
    }
    return { channel: inline, value: await inline.call(op, inlineArgs, signal) }
  }

  const viaWorker = options.workerConfig !== undefined && options.spawnWorker !== undefined

  return markRaw({
    get usesWorker() {
      return options.spawnWorker !== undefined && !worker?.broken()
    },
    async loadTrace(traceId, signal) {
      const { channel, value } = await call('load', [options.workerConfig, traceId], [undefined, traceId], viaWorker, signal)
      return value ? loadedTrace(channel, value, { responseAt: value.responseAt, builtAt: value.builtAt, traceId }) : undefined
    },
    async parseFile(file) {
      // An ArrayBuffer is moved to the worker; keep a copy in case the call has to be redone inline.
      const text = typeof file === 'string' ? file : undefined
      const bytes = typeof file === 'string' ? undefined : file
      const { channel, value } = await call('parseFile', [bytes ? bytes.slice(0) : (text as string)], [bytes ?? (text as string)], true)
      return {
        format: value.format,
        warnings: value.warnings,
        traces: value.traces.map((t) => ({
          summary: t.summary,
          open: async () => loadedTrace(channel, await channel.call('open', [t.handle]), {}, false),
          release: () => void channel.call('release', [t.handle]).catch(() => undefined),
        })),
      }
    },
    async selfTimes(traceIds, signal) {
      return (await call('selfTimes', [options.workerConfig, traceIds], [undefined, traceIds], viaWorker, signal)).value
    },
  })
}
