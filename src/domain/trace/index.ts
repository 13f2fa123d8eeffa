export type {
  AttributeValue,
  Attributes,
  DependencyLink,
  RawEndpoint,
  RawSpan,
  ServiceSpanCount,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  SpanLinkKind,
  SpanStatus,
  Trace,
  TraceSummary,
  TraceWarning,
  TraceWarningCode,
} from './model'
export { buildTrace, type BuildTraceOptions } from './buildTrace'
export { parseTraceFile, type ParsedTraceFile, type TraceFileFormat } from './parseTraceFile'
export { TraceFileError } from './traceFileError'
export { groupByTrace, type TraceGroup } from './groupByTrace'
export { summarizeTrace } from './summarizeTrace'
export { computeSelfTimes } from './selfTime'
export { statisticsByOperation, statisticsByService, type SpanGroupStats } from './traceStatistics'
export { computeCriticalPath, type CriticalPathSegment } from './criticalPath'
export { clockSkewUs, type SkewSide } from './clockSkew'
export { UNKNOWN_SERVICE } from './warnings'
export { zipkinSpansToRaw, zipkinSpanStream } from './formats/zipkin'
export type { TextSink } from './formats/jsonArrayStream'
export { zipkinTraceStream } from './traceStreams'
export { jaegerTraceToRaw, readJaegerTrace, type JaegerTrace } from './formats/jaeger'
export { jaegerTraceStream, type StreamedJaegerTrace } from './formats/jaegerStream'
export { otlpToRaw } from './formats/otlp'
export { nanosToMicros } from './formats/read'
