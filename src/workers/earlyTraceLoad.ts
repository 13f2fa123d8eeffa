import type { TracesBackendConfig } from '@/module/options'
import type { WorkerReply } from './traceEngineProtocol'
import type { HandMessage } from './handedResponses'

/** The id of the early load's request; the engine's channel numbers its own from 1. */
export const EARLY_LOAD_ID = 0

/** A worker started by the trace route's guard, already asked for the route's trace. */
export interface EarlyTraceLoad {
  worker: Worker
  /** The trace id as the route gave it (not yet checked: the worker rejects a bad one). */
  rawTraceId: string
  /** Replies that came before the engine took the worker over. */
  replies: WorkerReply[]
  /** Why the worker failed before it was taken over, if it did. */
  failed(): string | undefined
  /** Stops collecting: the engine's channel listens from now on. */
  handOver(): void
}

/** The trace worker (one per app: the engine takes over the early one when there is one). */
export function spawnTraceWorker(): Worker {
  return new Worker(new URL('./traceWorker.ts', import.meta.url), { type: 'module', name: 'traceboard-traces' })
}

const started = new WeakMap<object, EarlyTraceLoad>()
// Installs whose worker exists (early or the engine's own): never a second one.
const spawned = new WeakSet<object>()

/**
 * Starts the worker and its trace request from the route's guard, in the host's entry: before
 * the view's chunks, the engine's chunk and the strings have loaded, and while the main thread
 * is busy running them. Only where the worker would send the request without asking the host
 * (no host axios, no `traceHeaders`); `owner` is the install the engine belongs to.
 */
export function startEarlyTraceLoad(owner: object, config: TracesBackendConfig, rawTraceId: string, spawn: () => Worker = spawnTraceWorker): void {
  if (spawned.has(owner)) return
  spawned.add(owner)
  let worker: Worker
  try {
    worker = spawn()
  } catch {
    return // The engine tries again, and falls back to the main thread.
  }
  const replies: WorkerReply[] = []
  let failure: string | undefined
  const collect = (e: MessageEvent<WorkerReply>): void => void replies.push(e.data)
  const fail = (e: ErrorEvent): void => void (failure ??= e.message || 'the worker script failed')
  worker.addEventListener('message', collect)
  worker.addEventListener('error', fail)
  // The page sends the request now and hands the response over (handedResponses.ts): announced
  // before the load, so the worker's fetch of this URL waits for it instead of asking again.
  const url = canTransferStreams() ? earlyTraceUrl(config, rawTraceId) : undefined
  const handing: HandMessage | undefined = url === undefined ? undefined : { op: 'handing', url }
  if (handing) worker.postMessage(handing)
  worker.postMessage({ id: EARLY_LOAD_ID, op: 'load', args: [config, rawTraceId] })
  if (url !== undefined) handTraceResponse(worker, url, config.timeoutMs)
  started.set(owner, {
    worker,
    rawTraceId,
    replies,
    failed: () => failure,
    handOver: () => {
      worker.removeEventListener('message', collect)
      worker.removeEventListener('error', fail)
    },
  })
}

/** The early worker of `owner`, handed over once; after this none is started for it. */
export function takeEarlyTraceLoad(owner: object): EarlyTraceLoad | undefined {
  spawned.add(owner)
  const early = started.get(owner)
  started.delete(owner)
  return early
}

// The paths of the trace getters (services/traces/*Trace*.ts), which the worker's client joins
// to the same base URL: kept here so the host's entry loads none of the service code.
const TRACE_PATHS: Record<TracesBackendConfig['kind'], string> = {
  zipkin: '/api/v2/trace/',
  jaeger: '/api/traces/',
  'jaeger-v3': '/api/v3/traces/',
}
const TRACE_ID = /^[0-9a-f]{16}([0-9a-f]{16})?$/
// The worker's own deadline when the config sets none (httpClient's default).
const DEFAULT_TIMEOUT_MS = 30_000

/** The URL the worker's client asks for this trace, or undefined for an id it would refuse. */
export function earlyTraceUrl(config: TracesBackendConfig, rawTraceId: string): string | undefined {
  const id = rawTraceId.trim().toLowerCase()
  if (!TRACE_ID.test(id)) return undefined
  const base = new URL(config.url, globalThis.location?.origin).href
  return `${base.replace(/\/+$/, '')}${TRACE_PATHS[config.kind]}${id}`
}

/** Whether a ReadableStream can be transferred to a worker (not everywhere yet). */
function canTransferStreams(): boolean {
  try {
    const stream = new ReadableStream()
    const { port1, port2 } = new MessageChannel()
    port1.postMessage(stream, [stream])
    port1.close()
    port2.close()
    return true
  } catch {
    return false
  }
}

/** Sends the request the worker's client would send, and hands the worker its response. */
function handTraceResponse(worker: Worker, url: string, timeoutMs: number | undefined): void {
  const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs ?? DEFAULT_TIMEOUT_MS) : undefined
  fetch(url, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) }).then(
    (res) => {
      const body = res.body
      const message: HandMessage = { op: 'handed', url, head: { status: res.status, statusText: res.statusText, headers: [...res.headers] }, body }
      worker.postMessage(message, body ? [body] : [])
    },
    (e: unknown) => {
      const message: HandMessage = { op: 'handed', url, error: e instanceof Error ? e.message : String(e) }
      worker.postMessage(message)
    },
  )
}
