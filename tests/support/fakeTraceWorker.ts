import type { TraceBackend } from '@/services/traces'
import { createEngineOps } from '@/workers/traceEngineCore'
import { createWorkerDispatcher } from '@/workers/workerDispatcher'
import type { WorkerCancel, WorkerRequest } from '@/workers/traceEngineProtocol'

/** A Worker stand-in running the real dispatcher, with structured cloning and transfers as a browser does. */
export class FakeWorker extends EventTarget {
  transferred = 0
  received: (WorkerRequest | WorkerCancel)[] = []
  private dispatch: (msg: WorkerRequest | WorkerCancel) => void

  /** The headers each backend the worker built was given (one per request with traceHeaders). */
  headersSeen: (Record<string, string> | undefined)[] = []

  constructor(backend: TraceBackend | undefined | ((headers: Record<string, string> | undefined) => TraceBackend), responseEnd?: (traceId: string) => number | undefined) {
    super()
    const backendFor = (_config: unknown, headers?: Record<string, string>): TraceBackend | undefined => {
      this.headersSeen.push(headers)
      return typeof backend === 'function' ? backend(headers) : backend
    }
    this.dispatch = createWorkerDispatcher(createEngineOps(backendFor, responseEnd), (message, transfer) => {
      this.transferred += transfer.length
      const data: unknown = structuredClone(message, { transfer })
      setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data })))
    })
  }

  postMessage(message: WorkerRequest | WorkerCancel, options?: { transfer?: Transferable[] }): void {
    const data = structuredClone(message, { transfer: options?.transfer ?? [] })
    this.received.push(data)
    setTimeout(() => this.dispatch(data))
  }
}

export function backendOf(getTrace: TraceBackend['getTrace']): TraceBackend {
  const none = (): Promise<never> => Promise.reject(new Error('unused'))
  return { kind: 'zipkin', services: none, operations: none, searchTraces: none, dependencies: none, getTrace }
}
