import type { CriticalPathMarks, MinimapDensity, TraceHeaderInfo, WaterfallData } from '@/domain/waterfall'
import type { MaskingRules } from '@/domain/masking'
import type { Span, SpanGroupStats, TraceFileFormat, TraceSummary } from '@/domain/trace'
import type { BackendFailure } from '@/services/errors'
import type { TracesBackendConfig } from '@/module/options'
import type { TraceFileReading } from './readTraceFile'

/** A trace held by an engine (in the worker or on the main thread), as the waterfall needs it. */
export interface AdoptedTrace {
  handle: number
  data: WaterfallData
  header: TraceHeaderInfo
}

export interface FetchedTrace extends AdoptedTrace {
  /** When the trace response arrived (epoch ms, from Resource Timing), for the after-data figure. */
  responseAt: number | undefined
  /** When the engine had built the trace and its rows (epoch ms). */
  builtAt: number
}

export interface ParsedUpload {
  format: TraceFileFormat
  /** About the file as a whole (skipped entries, backend errors in an envelope…). */
  warnings: string[]
  traces: { handle: number; summary: TraceSummary }[]
  /** The only trace's rows when the file holds one: the page shows it without asking again. */
  first?: AdoptedTrace | undefined
  /** How the file was read (pieces, spans read before its end): for tests. */
  reading?: TraceFileReading | undefined
}

export interface TraceStatisticsTables {
  byService: SpanGroupStats[]
  byOperation: SpanGroupStats[]
}

/** Every operation an engine answers: arguments and result. */
export interface EngineOpTypes {
  /**
   * `config` tells a worker which backend to build; the main thread uses the host's client.
   * `headers`: the host's `traceHeaders` answer for this request, sent by the worker's fetch.
   */
  load: { args: [config: TracesBackendConfig | undefined, traceId: string, headers?: Record<string, string>]; result: FetchedTrace | undefined }
  /** The file (a `File` is cloned, not read, on the page: the engine streams it), or its bytes (UTF-8) or text. */
  parseFile: { args: [file: Blob | ArrayBuffer | string]; result: ParsedUpload }
  open: { args: [handle: number]; result: AdoptedTrace }
  span: { args: [handle: number, index: number]; result: Span }
  search: { args: [handle: number, text: string, masking: MaskingRules | undefined]; result: Int32Array }
  statistics: { args: [handle: number]; result: TraceStatisticsTables }
  criticalPath: { args: [handle: number]; result: CriticalPathMarks }
  /** The minimap's grid (O(spans), so never on the page's thread for a big trace). */
  minimap: { args: [handle: number, cols: number, rows: number]; result: MinimapDensity }
  exportJson: { args: [handle: number, masking: MaskingRules | undefined]; result: string }
  selfTimes: { args: [config: TracesBackendConfig | undefined, traceIds: string[]]; result: Record<string, number>[] }
  /**
   * When the response of `traceId`'s request ended (epoch ms), asked after the first paint: a
   * streamed fetch's Resource Timing entry can appear a moment after its last chunk was read.
   */
  responseEnd: { args: [traceId: string]; result: number | undefined }
  /** Builds what span detail, search and statistics read, ahead of the first question. */
  prepare: { args: [handle: number]; result: void }
  release: { args: [handle: number]; result: void }
}

export type EngineOp = keyof EngineOpTypes
export type OpArgs<K extends EngineOp> = EngineOpTypes[K]['args']
export type OpResult<K extends EngineOp> = EngineOpTypes[K]['result']

/** The operations as functions; the signal aborts backend requests. */
export type EngineOps = { [K in EngineOp]: (args: OpArgs<K>, signal: AbortSignal) => Promise<OpResult<K>> }

export interface WorkerRequest {
  id: number
  op: EngineOp
  args: unknown[]
}

export interface WorkerCancel {
  id: number
  op: 'cancel'
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; failure: BackendFailure }
  | { id: number; ok: false; fileError: string }
  | { id: number; ok: false; message: string }
