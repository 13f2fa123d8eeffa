import { markRaw } from 'vue'
import type { TraceSummary } from '@/domain/trace'
import type { TraceHeadersCallback, TraceHeadersRequest, TracesBackendConfig } from '@/module/options'
import { BackendRequestError } from '@/services/errors'
import type { TraceBackend } from '@/services/traces'
import { parseUserTraceId } from '@/domain/ids'
import { inlineChannel, WorkerUnavailableError, workerChannel, type EngineChannel, type WorkerChannel } from './engineChannel'
import type { EarlyTraceLoad } from './earlyTraceLoad'
import { loadedTrace, type LoadedTrace } from './loadedTrace'
import type { OpArgs, OpResult } from './traceEngineProtocol'
import { responseEndFor, traceBackendName } from './workerBackend'
import { askTraceHeaders } from './traceRequestHeaders'
import type { TraceFileReading } from './readTraceFile'
import { checkTraceFileSize } from '@/domain/trace/formats/traceFileSize'

export interface UploadedTrace {
  summary: TraceSummary
  open(): Promise<LoadedTrace>
  release(): void
}

export interface ParsedTraceUpload {
  format: string
  warnings: string[]
  traces: UploadedTrace[]
  /** How the engine read the file (for tests). */
  reading?: TraceFileReading | undefined
}

/** Where the trace page's work runs; see createTraceEngine. */
export interface TraceEngine {
  /** True when big traces are parsed off the main thread. */
  readonly usesWorker: boolean
  /** True when trace requests are sent by the worker (no service layer needed on the page for them). */
  readonly loadsInWorker: boolean
  /** Undefined when the backend has no such trace; throws BackendRequestError otherwise. */
  loadTrace(traceId: string, signal?: AbortSignal): Promise<LoadedTrace | undefined>
  /**
   * Reads a trace file in the worker, streamed (a `File` is handed over, never read here). Throws
   * TraceFileTooLargeError before reading a file over the limit, TraceFileError for a file that is
   * not a trace format; the signal stops the read.
   */
  parseFile(file: Blob | ArrayBuffer | string, signal?: AbortSignal): Promise<ParsedTraceUpload>
  /** Self time per service of each trace (for the bottleneck ranking). */
  selfTimes(traceIds: string[], signal?: AbortSignal): Promise<Record<string, number>[]>
  /** Starts the worker now (while the user picks a file), so the first call does not wait for it. */
  warm(): void
}

export interface TraceEngineOptions {
  /** The host's trace client, used on the main thread (or a getter, read after `ready`). */
  backend: TraceBackend | undefined | (() => TraceBackend | undefined)
  /** Resolves once `backend` can be read (the lazily loaded service layer). */
  ready?: (() => Promise<void>) | undefined
  /** The trace backend config, for the worker to build an identical client; omit to keep requests on the main thread. */
  workerConfig: TracesBackendConfig | undefined
  /** The host's headers for each trace request the worker sends (see `traceHeaders` in the options). */
  traceHeaders?: TraceHeadersCallback | undefined
  /** Starts the worker; omit where there are no workers (jsdom). */
  spawnWorker?: (() => Worker) | undefined
  /** The worker the trace route's guard started (with its trace request), taken over instead. */
  takeEarly?: (() => EarlyTraceLoad | undefined) | undefined
}

/**
 * Runs trace work in a Web Worker when one can be started, else on the main thread with the
 * very same code. Requests go through the worker only when `workerConfig` is given (no host
 * axios to honour); files are always parsed there. If the worker cannot start, every call falls
 * back to the main thread instead of failing.
 */
export function createTraceEngine(options: TraceEngineOptions): TraceEngine {
  const hostBackend = (): TraceBackend | undefined => (typeof options.backend === 'function' ? options.backend() : options.backend)
  // The main-thread engine (every parser and the trace model) is a chunk of its own, loaded only
  // when the worker cannot do the work: the worker, and with it the trace request, starts without
  // waiting for the page to download and run all of that.
  let inlineLoading: Promise<EngineChannel> | undefined
  const inline = (): Promise<EngineChannel> =>
    (inlineLoading ??= import('./traceEngineCore').then((m) => inlineChannel(m.createEngineOps(hostBackend, responseEndFor))))
  let worker: WorkerChannel | undefined
  let workerTried = false
  // The trace the early worker was asked for, until a load claims it.
  let earlyTraceId: string | undefined

  const workerOrUndefined = (): typeof worker => {
    if (!workerTried) {
      workerTried = true
      try {
        const early = options.spawnWorker ? options.takeEarly?.() : undefined
        if (early) earlyTraceId = parseUserTraceId(early.rawTraceId) ?? ''
        if (options.spawnWorker) worker = workerChannel(early ? early.worker : options.spawnWorker(), early)
      } catch {
        worker = undefined
      }
    }
    return worker && !worker.broken() ? worker : undefined
  }

  /** The worker, when its early request was for `traceId`; an early request for another trace is freed. */
  const earlyWorkerFor = (traceId: string): WorkerChannel | undefined => {
    const w = workerOrUndefined()
    if (!w || earlyTraceId === undefined) return undefined
    const match = earlyTraceId === traceId
    earlyTraceId = undefined
    if (match) return w
    void w.claimEarly().then((v) => (v ? w.call('release', [v.handle]) : undefined), () => undefined)
    return undefined
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
    const [channel] = await Promise.all([inline(), options.ready?.()])
    return { channel, value: await channel.call(op, inlineArgs, signal) }
  }

  const viaWorker = options.workerConfig !== undefined && options.spawnWorker !== undefined
  const { traceHeaders } = options
  const backendName = options.workerConfig ? traceBackendName(options.workerConfig.kind) : 'traces'
  // Self times go through the host's client when the host's auth comes from `traceHeaders`.
  const selfTimesViaWorker = viaWorker && traceHeaders === undefined

  /** One load: the host's headers asked for this request, then the worker (or the host's client). */
  async function load(traceId: string, reason: TraceHeadersRequest['reason'], signal: AbortSignal | undefined) {
    // Sent by the route's guard already (only where no headers are asked of the host).
    const early = reason === 'first' && viaWorker && !traceHeaders ? earlyWorkerFor(traceId) : undefined
    if (early) {
      try {
        return { channel: early, value: await early.claimEarly(signal) }
      } catch (e) {
        if (!(e instanceof WorkerUnavailableError)) throw e
      }
    }
    const headers = viaWorker && traceHeaders ? await askTraceHeaders(traceHeaders, { traceId, reason }, backendName) : undefined
    if (signal?.aborted) throw new BackendRequestError({ kind: 'cancelled', backend: backendName })
    const args: OpArgs<'load'> = headers ? [options.workerConfig, traceId, headers] : [options.workerConfig, traceId]
    return call('load', args, [undefined, traceId], viaWorker, signal)
  }

  return markRaw({
    get usesWorker() {
      return options.spawnWorker !== undefined && !worker?.broken()
    },
    get loadsInWorker() {
      return viaWorker && !worker?.broken()
    },
    async loadTrace(traceId, signal) {
      let answer: Awaited<ReturnType<typeof load>>
      try {
        answer = await load(traceId, 'first', signal)
      } catch (e) {
        // A token that expired: the host refreshes it in its callback, asked once more.
        if (!traceHeaders || !(e instanceof BackendRequestError) || e.failure.kind !== 'unauthorized') throw e
        answer = await load(traceId, 'retry', signal)
      }
      const { channel, value } = answer
      return value ? loadedTrace(channel, value, { responseAt: value.responseAt, builtAt: value.builtAt, traceId }) : undefined
    },
    async parseFile(file, signal) {
      if (typeof file !== 'string') checkTraceFileSize(file instanceof ArrayBuffer ? file.byteLength : file.size)
      // An ArrayBuffer is moved to the worker: keep a copy in case the call has to be redone inline.
      // A File is only cloned (a handle to the same bytes), and read by the engine as a stream.
      const forWorker = file instanceof ArrayBuffer ? file.slice(0) : file
      const { channel, value } = await call('parseFile', [forWorker], [file], true, signal)
      // The only trace's rows came with the answer: its first opening needs no round trip.
      let first = value.first
      return {
        format: value.format,
        warnings: value.warnings,
        reading: value.reading,
        traces: value.traces.map((t) => ({
          summary: t.summary,
          open: async () => {
            const adopted = first?.handle === t.handle ? first : await channel.call('open', [t.handle])
            first = undefined
            return loadedTrace(channel, adopted, {}, false)
          },
          release: () => void channel.call('release', [t.handle]).catch(() => undefined),
        })),
      }
    },
    warm() {
      void workerOrUndefined()
    },
    async selfTimes(traceIds, signal) {
      return (await call('selfTimes', [options.workerConfig, traceIds], [undefined, traceIds], selfTimesViaWorker, signal)).value
    },
  })
}
