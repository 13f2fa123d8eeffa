import { createEngineOps } from './traceEngineCore'
import type { WorkerCancel, WorkerRequest } from './traceEngineProtocol'
import { createWorkerDispatcher } from './workerDispatcher'
import { lastTraceFileReading } from './readTraceFile'
import { workerBackendFactory } from './workerBackend'
import { responseEndFor } from './responseEnd'
import { handedUrls, isHandMessage, receiveHand, type HandMessage } from './handedResponses'

/** Web Worker entry: parses and builds traces, answers the trace page's questions by handle. */
const dispatch = createWorkerDispatcher(createEngineOps(workerBackendFactory(), responseEndFor), (message, transfer) =>
  self.postMessage(message, { transfer }),
)

self.onmessage = (event: MessageEvent<WorkerRequest | WorkerCancel | HandMessage>) => {
  const data = event.data
  if (isHandMessage(data)) receiveHand(data)
  else dispatch(data)
}

// How the last uploaded file was read (pieces, spans read before its end), for the e2e test.
Object.defineProperty(self, 'traceboardLastFileReading', { get: lastTraceFileReading })
// Which trace responses the page fetched and handed over, read here, for the e2e test.
Object.defineProperty(self, 'traceboardHandedResponses', { get: handedUrls })
