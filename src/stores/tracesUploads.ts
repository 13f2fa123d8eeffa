import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import { TRACE_LOCAL_ROUTE } from '@/module/featureRoutes/traces'
import type { ParsedTraceUpload, UploadedTrace } from '@/workers/traceEngine'

/** Uploaded files kept at once; older ones are freed (a 100k-span trace is tens of MB). */
const MAX_FILES = 5

export interface UploadedFile {
  key: string
  name: string
  format: string
  warnings: string[]
  traces: UploadedTrace[]
}

export function localTraceLink(fileKey: string, index: number): RouteLocationRaw {
  return { name: TRACE_LOCAL_ROUTE, params: { key: `${fileKey}-${index}` } }
}

/**
 * Trace files opened in this tab, shared by the search page (where they are opened) and the
 * trace page (which shows one). They live in memory only: a reload forgets them.
 */
export const useTracesUploadsStore = defineStore('traceboard.traces.uploads', () => {
  const files = shallowRef<UploadedFile[]>([])
  let seq = 0

  function add(name: string, parsed: ParsedTraceUpload): UploadedFile {
    const file: UploadedFile = { key: `f${++seq}`, name, format: parsed.format, warnings: parsed.warnings, traces: parsed.traces }
    const kept = [file, ...files.value]
    for (const old of kept.slice(MAX_FILES)) for (const t of old.traces) t.release()
    files.value = kept.slice(0, MAX_FILES)
    return file
  }

  /** The file and trace behind a local route key, if still loaded. */
  function find(localKey: string): { file: UploadedFile; trace: UploadedTrace; index: number } | undefined {
    const m = /^(f\d+)-(\d+)$/.exec(localKey)
    if (!m) return undefined
    const file = files.value.find((f) => f.key === m[1])
    const index = Number(m[2])
    const trace = file?.traces[index]
    return file && trace ? { file, trace, index } : undefined
  }

  return { files, add, find }
})
