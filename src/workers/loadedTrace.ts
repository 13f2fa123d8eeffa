import { markRaw } from 'vue'
import type { CriticalPathMarks, MinimapDensity, TraceHeaderInfo, WaterfallData } from '@/domain/waterfall'
import type { MaskingRules } from '@/domain/masking'
import type { Span } from '@/domain/trace'
import type { EngineChannel } from './engineChannel'
import type { AdoptedTrace, TraceStatisticsTables } from './traceEngineProtocol'

/**
 * A trace ready for the waterfall: its compact rows and header at hand, everything else asked
 * of the engine that holds the full trace (the worker, for big traces). Marked raw: Vue must
 * never wrap 100,000 rows in reactive proxies.
 */
export interface LoadedTrace {
  /** True for the stand-in shown while the trace loads (see `pendingTrace`). */
  readonly pending?: boolean
  readonly data: WaterfallData
  readonly header: TraceHeaderInfo
  /** Epoch ms at which the trace response arrived, when known at load. */
  readonly responseAt: number | undefined
  /** The same, asked of the engine when it was not known at load (see the `responseEnd` op). */
  whenResponded(): Promise<number | undefined>
  /** Epoch ms at which the engine had the trace built, when known. */
  readonly builtAt: number | undefined
  readonly inWorker: boolean
  span(index: number): Promise<Span>
  search(text: string, masking: MaskingRules | undefined): Promise<Int32Array>
  statistics(): Promise<TraceStatisticsTables>
  criticalPath(): Promise<CriticalPathMarks>
  /** The minimap's `rows × cols` density grid, computed by the engine. */
  minimap(cols: number, rows: number): Promise<MinimapDensity>
  exportJson(masking: MaskingRules | undefined): Promise<string>
  /**
   * Lets the engine build the per-span objects now (in the worker: off the page's thread), so the
   * first click on a span does not wait for them. Called once the rows are on screen: built any
   * earlier, they compete with the first paint for the CPU.
   */
  prepare(): void
  /** Frees the full trace in the engine (if this view owns it); the object must not be used afterwards. */
  release(): void
}

/** `owned`: releasing the view frees the trace (false for an uploaded file that can be opened again). */
export function loadedTrace(
  channel: EngineChannel,
  adopted: AdoptedTrace,
  times: { responseAt?: number | undefined; builtAt?: number | undefined; traceId?: string } = {},
  owned = true,
): LoadedTrace {
  const h = adopted.handle
  let stats: Promise<TraceStatisticsTables> | undefined
  let path: Promise<CriticalPathMarks> | undefined
  return markRaw({
    data: markRaw(adopted.data),
    header: adopted.header,
    responseAt: times.responseAt,
    whenResponded: async () => {
      if (times.responseAt !== undefined || times.traceId === undefined) return times.responseAt
      return channel.call('responseEnd', [times.traceId]).catch(() => undefined)
    },
    builtAt: times.builtAt,
    inWorker: channel.inWorker,
    span: (index: number) => channel.call('span', [h, index]),
    search: (text: string, masking: MaskingRules | undefined) => channel.call('search', [h, text, masking]),
    statistics: () => (stats ??= channel.call('statistics', [h])),
    criticalPath: () => (path ??= channel.call('criticalPath', [h])),
    minimap: (cols: number, rows: number) => channel.call('minimap', [h, cols, rows]),
    exportJson: (masking: MaskingRules | undefined) => channel.call('exportJson', [h, masking]),
    prepare: () => {
      if (channel.inWorker) void channel.call('prepare', [h]).catch(() => undefined)
    },
    release: () => {
      if (owned) void channel.call('release', [h]).catch(() => undefined)
    },
  })
}
