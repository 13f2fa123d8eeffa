import { TraceFileError } from '@/domain/trace/traceFileError'
import { BackendRequestError } from '@/services/errors'
import type { EngineOp, EngineOps, OpArgs, OpResult, WorkerReply, WorkerRequest } from './traceEngineProtocol'
import { EARLY_LOAD_ID, type EarlyTraceLoad } from './earlyTraceLoad'

/** One way of reaching an engine: a Web Worker or a direct call on the main thread. */
export interface EngineChannel {
  readonly inWorker: boolean
  call<K extends EngineOp>(op: K, args: OpArgs<K>, signal?: AbortSignal): Promise<OpResult<K>>
}

/** The worker could not start or died (a CSP forbidding workers, a failed chunk load). */
export class WorkerUnavailableError extends Error {
  constructor(reason: string) {
    super(`trace worker unavailable: ${reason}`)
    this.name = 'WorkerUnavailableError'
  }
}

export function inlineChannel(ops: EngineOps): EngineChannel {
  return {
    inWorker: false,
    call(op, args, signal) {
      const run = ops[op] as (a: typeof args, s: AbortSignal) => Promise<OpResult<typeof op>>
      return run(args, signal ?? new AbortController().signal)
    },
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(error: unknown): void
  cleanup(): void
}

/** The worker channel; `claimEarly` takes the answer of the request the route's guard sent. */
export interface WorkerChannel extends EngineChannel {
  broken(): boolean
  claimEarly(signal?: AbortSignal): Promise<OpResult<'load'>>
}

/**
 * Talks to the trace worker; a reply's error becomes the same exception the inline call throws.
 * `early`: the worker the route's guard started, with the replies it collected until now.
 */
export function workerChannel(worker: Worker, early?: EarlyTraceLoad): WorkerChannel {
  const pending = new Map<number, Pending>()
  let nextId = 1
  let dead: string | undefined
  // The early load's reply when it came before anyone claimed it.
  let earlyReply: WorkerReply | undefined

  const failAll = (reason: string): void => {
    dead = reason
    for (const p of pending.values()) {
      p.cleanup()
      p.reject(new WorkerUnavailableError(reason))
    }
    pending.clear()
  }
  worker.addEventListener('error', (e) => failAll(e.message || 'the worker script failed'))
  worker.addEventListener('messageerror', () => failAll('a message could not be read'))
  const settle = (p: Pending, r: WorkerReply): void => {
    p.cleanup()
    if (r.ok) p.resolve(r.value)
    else if ('failure' in r) p.reject(new BackendRequestError(r.failure))
    else if ('fileError' in r) p.reject(new TraceFileError(r.fileError))
    else p.reject(new Error(r.message))
  }
  const receive = (r: WorkerReply): void => {
    const p = pending.get(r.id)
    if (p) {
      pending.delete(r.id)
      settle(p, r)
    } else if (r.id === EARLY_LOAD_ID) {
      earlyReply = r
    }
  }
  worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => receive(e.data))
  // Listening now (in the same task, so no message falls between): take over from the guard.
  if (early) {
    early.handOver()
    for (const r of early.replies) receive(r)
    const failed = early.failed()
    if (failed !== undefined) failAll(failed)
  }

  return {
    inWorker: true,
    broken: () => dead !== undefined,
    claimEarly(signal) {
      if (dead !== undefined) return Promise.reject(new WorkerUnavailableError(dead))
      return new Promise((resolve, reject) => {
        const onAbort = (): void => worker.postMessage({ id: EARLY_LOAD_ID, op: 'cancel' })
        const p: Pending = { resolve: resolve as (v: unknown) => void, reject, cleanup: () => signal?.removeEventListener('abort', onAbort) }
        const r = earlyReply
        earlyReply = undefined
        if (r) return settle(p, r)
        signal?.addEventListener('abort', onAbort, { once: true })
        pending.set(EARLY_LOAD_ID, p)
        if (signal?.aborted) onAbort()
      })
    },
    call(op, args, signal) {
      if (dead !== undefined) return Promise.reject(new WorkerUnavailableError(dead))
      const id = nextId++
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          worker.postMessage({ id, op: 'cancel' })
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        pending.set(id, {
          resolve: resolve as (v: unknown) => void,
          reject,
          cleanup: () => signal?.removeEventListener('abort', onAbort),
        })
        const request: WorkerRequest = { id, op, args: [...args] }
        // A file's bytes move to the worker instead of being copied.
        worker.postMessage(request, { transfer: args.filter((a): a is ArrayBuffer => a instanceof ArrayBuffer) })
      })
    },
  }
}
