/**
 * Trace normalisation cost: `parseTraceFile` (JSON.parse + format detection + buildTrace) on
 * generated Zipkin and Jaeger JSON of 1k / 10k / 100k spans (BUDGETS.md shapes). Reports medians
 * and heap figures; asserts nothing.
 */
import { generateTrace, toJaegerJson, toZipkinJson } from './generateTrace'

/** The part of src/domain/trace this benchmark uses. */
interface TraceModule {
  parseTraceFile(text: string): { traces: { spanCount: number }[] }
}

// tsconfig.node.json (which type-checks bench/) is a composite project that does not list src/,
// so a static import fails with TS6307; a computed specifier is loaded by tsx at run time only.
const traceModuleUrl = new URL('../src/domain/trace/index.ts', import.meta.url).href

const SIZES = [1_000, 10_000, 100_000]
const MB = 1024 * 1024

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

const gc = (): void => globalThis.gc?.()
let kept: ReturnType<TraceModule['parseTraceFile']> | undefined
const round = (v: number): number => Math.round(v * 10) / 10

export async function run(): Promise<Record<string, unknown>> {
  const { parseTraceFile } = (await import(traceModuleUrl)) as TraceModule
  const figures: Record<string, unknown> = { 'gc exposed': typeof globalThis.gc === 'function' }
  // The very first call pays for JIT compilation, as the first trace a user opens does.
  const small = toZipkinJson(generateTrace(1_000))
  let t0 = performance.now()
  parseTraceFile(small)
  figures['zipkin 1k first call (cold JIT) ms'] = round(performance.now() - t0)
  // Then warm up, so the medians below are steady-state figures.
  const warm = generateTrace(10_000, 7)
  for (const text of [toZipkinJson(warm), toJaegerJson(warm)]) for (let i = 0; i < 8; i++) parseTraceFile(text)
  t0 = performance.now()
  parseTraceFile(small)
  figures['zipkin 1k after warm-up ms'] = round(performance.now() - t0)

  for (const n of SIZES) {
    const generated = generateTrace(n)
    const label = n >= 1000 ? `${n / 1000}k` : String(n)
    for (const [format, text] of [
      ['zipkin', toZipkinJson(generated)],
      ['jaeger', toJaegerJson(generated)],
    ] as const) {
      const runs = n >= 100_000 ? 3 : 5
      const parseMs: number[] = []
      const jsonMs: number[] = []
      const peakMb: number[] = []
      const retainedMb: number[] = []
      for (let r = 0; r < runs; r++) {
        gc()
        let t = performance.now()
        JSON.parse(text)
        jsonMs.push(performance.now() - t)
        gc()
        const before = process.memoryUsage().heapUsed
        t = performance.now()
        kept = parseTraceFile(text)
        parseMs.push(performance.now() - t)
        // Without a collection in between, heapUsed right after the call approximates its peak.
        peakMb.push((process.memoryUsage().heapUsed - before) / MB)
        gc()
        // The model stays referenced through `kept`: this is what holding the trace costs.
        retainedMb.push((process.memoryUsage().heapUsed - before) / MB)
        if (kept.traces[0]?.spanCount !== n) figures[`${format} ${label} unexpected span count`] = kept.traces[0]?.spanCount
        kept = undefined
      }
      figures[`${format} ${label} text MB`] = round(text.length / MB)
      figures[`${format} ${label} parseTraceFile median ms`] = round(median(parseMs))
      figures[`${format} ${label} JSON.parse alone median ms`] = round(median(jsonMs))
      figures[`${format} ${label} peak heap delta MB`] = round(median(peakMb))
      figures[`${format} ${label} retained heap MB`] = round(median(retainedMb))
    }
  }
  return figures
}
