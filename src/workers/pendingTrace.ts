import { markRaw } from 'vue'
import type { LoadedTrace } from './loadedTrace'

/**
 * A trace still on its way: no rows, answers that are empty. The trace page is mounted with it
 * while the trace loads, so the page's first style, layout and paint are done before the data
 * arrives, and arrival only patches rows into a page that is already there.
 */
export function pendingTrace(traceId: string): LoadedTrace {
  const none = new Int32Array(0)
  const notYet = (): Promise<never> => Promise.reject(new Error('the trace is still loading'))
  return markRaw({
    pending: true,
    data: markRaw({
      traceId,
      count: 0,
      traceStartUs: 0,
      traceDurationUs: 0,
      startUs: new Float64Array(0),
      durationUs: new Float64Array(0),
      depth: none,
      parent: none,
      subtreeEnd: none,
      childCount: none,
      flags: new Uint8Array(0),
      service: none,
      name: none,
      services: [],
      names: [],
      keys: '',
      keyOffsets: new Int32Array(1),
      maxDepth: 0,
    }),
    header: {
      traceId,
      rootService: '',
      rootOperation: '',
      startUs: 0,
      durationUs: 0,
      spanCount: 0,
      errorCount: 0,
      services: [],
      depth: 0,
      incomplete: false,
      warnings: [],
    },
    responseAt: undefined,
    whenResponded: () => Promise.resolve(undefined),
    builtAt: undefined,
    inWorker: false,
    span: notYet,
    search: () => Promise.resolve(new Int32Array(0)),
    statistics: notYet,
    criticalPath: () => Promise.resolve({ onPath: new Uint8Array(0), offsets: new Int32Array(1), times: new Float64Array(0), totalUs: 0 }),
    minimap: (cols: number, rows: number) => Promise.resolve({ cols, rows, spans: new Uint32Array(cols * rows), errors: new Uint32Array(cols * rows), max: 0 }),
    exportJson: notYet,
    prepare: () => undefined,
    release: () => undefined,
  })
}
