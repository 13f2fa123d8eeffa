import { createEngineOps } from './traceEngineCore'
import type { WorkerCancel, WorkerRequest } from './traceEngineProtocol'
import { createWorkerDispatcher } from './workerDispatcher'
import { lastTraceFileReading } from './readTraceFile'
import { responseEndFor, workerBackendFactory } from './workerBackend'

/** Web Worker entry: parses and builds traces, answers the trace page's questions by handle. */
const dispatch = createWorkerDispatcher(createEngineOps(workerBackendFactory(), responseEndFor), (message, transfer) =>
  self.postMessage(message, { transfer }),
)

self.onmessage = (event: MessageEvent<WorkerRequest | WorkerCancel>) => dispatch(event.data)

// How the last uploaded file was read (pieces, spans read before its end), for the e2e test.
Object.defineProperty(self, 'traceboardLastFileReading', { get: lastTraceFileReading })
