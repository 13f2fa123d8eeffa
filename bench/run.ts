/**
 * `npm run bench`: runs every bench/*.bench.ts module, prints its figures and writes them all
 * to bench/results/latest.json. Benchmarks report numbers; they never pass or fail.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import os from 'node:os'

interface BenchModule {
  run: () => Promise<Record<string, unknown>>
}

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

const results: Record<string, unknown> = {}
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '')
  const started = performance.now()
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule
    const figures = await mod.run()
    results[name] = figures
    console.log(`\n## ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
    for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${typeof v === 'number' ? v.toFixed(2) : JSON.stringify(v)}`)
  } catch (e) {
    results[name] = { error: e instanceof Error ? e.message : String(e) }
    console.log(`\n## ${name}: could not run: ${String(e)}`)
  }
}

const out = join(here, 'results', 'latest.json')
mkdirSync(dirname(out), { recursive: true })
// A filtered run (`npm run bench waterfall`) replaces only its own benches; the others keep
// their last figures, each stamped with when it was measured.
const previous = only.length > 0 && existsSync(out) ? readPrevious(out) : {}
const measuredAt = new Date().toISOString()
for (const name of Object.keys(results)) results[name] = { measuredAt, ...(results[name] as object) }
const merged = { ...previous, ...results }
writeFileSync(
  out,
  JSON.stringify(
    { date: measuredAt, node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, results: merged },
    null,
    2,
  ),
)
console.log(`\nwritten to ${out}`)

function readPrevious(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (parsed && typeof parsed === 'object' && 'results' in parsed && parsed.results && typeof parsed.results === 'object') {
      return parsed.results as Record<string, unknown>
    }
  } catch {
    // an unreadable previous file is simply replaced
  }
  return {}
}
