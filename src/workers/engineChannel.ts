import { TraceFileError } from '@/domain/trace/traceFileError'
import { BackendRequestError } from '@/services/errors'
import type { EngineOp, EngineOps, OpArgs, OpResult, WorkerReply, WorkerRequest } from './traceEngineProtocol'

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

/** Talks to the trace worker; a reply's error becomes the same exception the inline call throws. */
export function workerChannel(worker: Worker): EngineChannel & { broken: () => boolean } {
  const pending = new Map<number, Pending>()
  let nextId = 1
  let dead: string | undefined

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
  worker.addEventListener('message', (e: MessageEvent<WorkerReply>) => {
    const r = e.data
    const p = pending.get(r.id)
    if (!p) return
    pending.delete(r.id)
    p.cleanup()
    if (r.ok) p.resolve(r.value)
    else if ('failure' in r) p.reject(new BackendRequestError(r.failure))
    else if ('fileError' in r) p.reject(new TraceFileError(r.fileError))
    else p.reject(new Error(r.message))
  })

  return {
    inWorker: true,
    broken: () => dead !== undefined,
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
