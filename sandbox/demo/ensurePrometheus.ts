import { spawnSync } from 'node:child_process'
import { findBinary } from './findBinary'

export const PROMETHEUS_APT_COMMAND = 'apt-get install -y --no-install-recommends prometheus'

export interface PrometheusBinaries {
  prometheus: string
  promtool: string
}

/**
 * Finds Debian's `prometheus` and `promtool`. When missing and running as root, installs the
 * package with apt (after an `apt-get update` if the first try fails); otherwise returns
 * undefined and the caller prints the command, running traces and logs without metrics.
 */
export function ensurePrometheus(log: (line: string) => void): PrometheusBinaries | undefined {
  const found = (): PrometheusBinaries | undefined => {
    const prometheus = findBinary('prometheus')
    const promtool = findBinary('promtool')
    return prometheus && promtool ? { prometheus, promtool } : undefined
  }
  const existing = found()
  if (existing) return existing
  if (process.getuid?.() !== 0) return undefined
  log(`prometheus is missing: running ${PROMETHEUS_APT_COMMAND}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = (): boolean => spawnSync('sh', ['-c', PROMETHEUS_APT_COMMAND], { stdio: 'inherit', env }).status === 0
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    install()
  }
  return found()
}
