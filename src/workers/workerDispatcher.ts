import { TraceFileError } from '@/domain/trace'
import { BackendRequestError } from '@/services/errors'
import type { EngineOps, WorkerCancel, WorkerReply, WorkerRequest } from './traceEngineProtocol'
import { transferablesOf } from './transferables'

export type PostReply = (message: WorkerReply, transfer: Transferable[]) => void

/**
 * The worker side of the protocol: runs each request's operation, answers with its value (big
 * buffers transferred) or with the error as data the main thread turns back into the same
 * exception; a `cancel` aborts the request's backend calls.
 */
export function createWorkerDispatcher(ops: EngineOps, post: PostReply): (msg: WorkerRequest | WorkerCancel) => void {
  const running = new Map<number, AbortController>()

  async function handle(msg: WorkerRequest): Promise<void> {
    const controller = new AbortController()
    running.set(msg.id, controller)
    try {
      const op = ops[msg.op] as (args: unknown[], signal: AbortSignal) => Promise<unknown>
      const value = await op(msg.args, controller.signal)
      post({ id: msg.id, ok: true, value }, transferablesOf(msg.op, value))
    } catch (e) {
      if (e instanceof BackendRequestError) post({ id: msg.id, ok: false, failure: e.failure }, [])
      else if (e instanceof TraceFileError) post({ id: msg.id, ok: false, fileError: e.seen }, [])
      else post({ id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) }, [])
    } finally {
      running.delete(msg.id)
    }
  }

  return (msg) => {
    if (msg.op === 'cancel') {
      running.get(msg.id)?.abort()
      return
    }
    if (typeof ops[msg.op] !== 'function') {
      post({ id: msg.id, ok: false, message: `unknown operation ${String(msg.op)}` }, [])
      return
    }
    void handle(msg)
  }
}
