/**
 * The real upstream servers (Jaeger v2, Zipkin 3, OpenSearch 2.19) for tests and the demo.
 *
 *   npx tsx scripts/backends.ts install [jaeger|zipkin|opensearch ...]   download/build into the cache
 *   npx tsx scripts/backends.ts start   [jaeger|zipkin|opensearch ...]   start on free 127.0.0.1 ports,
 *        print the URLs, run until Ctrl-C or SIGTERM, then stop them all
 *
 * With no names, all three. `--state-file PATH` (start) writes the URLs and pids as JSON once
 * everything is ready. The cache is `TRACEBOARD_CACHE` or `~/.cache/traceboard`, keyed by version.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { BACKEND_NAMES, BACKENDS, isBackendName, startBackends, stopBackends, type BackendName } from './backends/index'
import { cacheRoot } from './backends/common'

const { values, positionals } = parseArgs({
  options: { 'state-file': { type: 'string' } },
  allowPositionals: true,
  strict: true,
})
const [command, ...rest] = positionals
const names = rest.length ? rest : [...BACKEND_NAMES]
const unknown = names.filter((n) => !isBackendName(n))
if ((command !== 'install' && command !== 'start') || unknown.length) {
  console.error(`usage: backends.ts install|start [${BACKEND_NAMES.join('|')} ...]${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`)
  process.exit(2)
}
const chosen = names as BackendName[]
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`

async function install(): Promise<void> {
  console.log(`cache: ${cacheRoot()}`)
  for (const name of chosen) {
    const t = Date.now()
    const path = await BACKENDS[name].ensure()
    console.log(`${name} ${BACKENDS[name].version}: ${path} (${seconds(Date.now() - t)})`)
  }
}

async function start(): Promise<void> {
  const running = await startBackends(chosen)
  for (const b of running) {
    const extra = Object.entries(b.urls).map(([k, v]) => ` ${k}=${v}`).join('')
    console.log(`${b.name} ${b.version}: ${b.url}${extra} (pid ${b.pid}, ready in ${seconds(b.startupMs)})`)
  }
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void stopBackends(running).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  if (values['state-file']) {
    const state = running.map((b) => ({ name: b.name, version: b.version, url: b.url, urls: b.urls, pid: b.pid, startupMs: b.startupMs }))
    writeFileSync(values['state-file'], JSON.stringify(state, null, 2))
  }
  console.log('running; Ctrl-C stops them all')
}

;(command === 'install' ? install() : start()).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
})
