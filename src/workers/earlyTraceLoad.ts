import type { TracesBackendConfig } from '@/module/options'
import type { WorkerReply } from './traceEngineProtocol'

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

function newTraceWorker(): Worker {
  return new Worker(new URL('./traceWorker.ts', import.meta.url), { type: 'module', name: 'traceboard-traces' })
}

// A worker started before the trace route was entered (a page opened on a trace URL), not yet taken.
let prestarted: Worker | undefined

/**
 * The trace worker (one per app: the engine takes over the early one when there is one). The
 * pre-started worker when there is one, so whoever spawns first takes it.
 */
export function spawnTraceWorker(): Worker {
  const worker = prestarted ?? newTraceWorker()
  prestarted = undefined
  return worker
}

/**
 * Starts the trace worker before the trace route is entered, when the page was opened on a trace
 * URL: its script is then requested before the route's chunks take the browser's connections
 * (six per host over HTTP/1.1), which otherwise left it last in the queue. It is asked for
 * nothing; the route's guard does that after the permission check. `spawn`: for tests.
 */
export function prestartTraceWorker(spawn: () => Worker = newTraceWorker): void {
  if (prestarted) return
  try {
    prestarted = spawn()
  } catch {
    // The early load or the engine tries again.
  }
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
  worker.postMessage({ id: EARLY_LOAD_ID, op: 'load', args: [config, rawTraceId] })
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
