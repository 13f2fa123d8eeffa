import { markRaw } from 'vue'
import { criticalPathMarks, emptyTraceHeader, emptyWaterfallData, minimapDensity } from '@/domain/waterfall'
import type { LoadedTrace } from './loadedTrace'

/**
 * A trace still on its way: no rows, answers that are empty. The trace page is mounted with it
 * while the trace loads, so the page's first style, layout and paint are done before the data
 * arrives, and arrival only patches rows into a page that is already there.
 */
export function pendingTrace(traceId: string): LoadedTrace {
  const data = markRaw(emptyWaterfallData(traceId))
  const notYet = (): Promise<never> => Promise.reject(new Error('the trace is still loading'))
  return markRaw({
    pending: true,
    data,
    header: emptyTraceHeader(traceId),
    responseAt: undefined,
    whenResponded: () => Promise.resolve(undefined),
    builtAt: undefined,
    inWorker: false,
    span: notYet,
    search: () => Promise.resolve(new Int32Array(0)),
    statistics: notYet,
    criticalPath: () => Promise.resolve(criticalPathMarks(0, [], 0)),
    minimap: (cols: number, rows: number) => Promise.resolve(minimapDensity(data, cols, rows)),
    exportJson: notYet,
    prepare: () => undefined,
    release: () => undefined,
  })
}
