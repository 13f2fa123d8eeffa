export type {
  DependencyWindow,
  OperationInfo,
  TraceBackend,
  TraceBackendKind,
  TraceQuery,
  TraceSearchResult,
} from './traceBackend'
export { createZipkinBackend } from './zipkinBackend'
export { createJaegerBackend } from './jaegerBackend'
export { createJaegerV3Backend } from './jaegerV3Backend'
export { requireTraceId } from './traceRequests'
export { goDuration, secondsDuration } from './queryFormat'
