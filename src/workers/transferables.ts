import { waterfallTransferables, type CriticalPathMarks, type MinimapDensity, type WaterfallData } from '@/domain/waterfall'
import type { AdoptedTrace, EngineOp, ParsedUpload } from './traceEngineProtocol'

/** Buffers a reply can move to the main thread instead of copying (the bulk of a big trace). */
export function transferablesOf(op: EngineOp, value: unknown): Transferable[] {
  if (value === undefined || value === null) return []
  switch (op) {
    case 'load':
    case 'open':
      return waterfallTransferables((value as AdoptedTrace).data as WaterfallData)
    case 'parseFile': {
      const first = (value as ParsedUpload).first
      return first ? waterfallTransferables(first.data) : []
    }
    case 'search':
      return [(value as Int32Array).buffer as ArrayBuffer]
    case 'criticalPath': {
      const m = value as CriticalPathMarks
      return [m.onPath.buffer, m.offsets.buffer, m.times.buffer] as ArrayBuffer[]
    }
    case 'minimap': {
      const m = value as MinimapDensity
      return [m.spans.buffer, m.errors.buffer] as ArrayBuffer[]
    }
    default:
      return []
  }
}
