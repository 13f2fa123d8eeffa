import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** `../shared/contracts` beside the repo: real upstream payloads (see its README for sources). */
// Resolved from the repo root (where vitest runs), not import.meta.url: under jsdom that is
// not a file: URL, and the component tests read contracts too.
export const contractsDir = resolve(process.cwd(), '../shared/contracts')

export function contractPath(relative: string): string {
  const p = join(contractsDir, relative)
  if (!existsSync(p)) {
    throw new Error(`contract file missing: ${p} (tests need ../shared/contracts beside the repo)`)
  }
  return p
}

export function readContractText(relative: string): string {
  return readFileSync(contractPath(relative), 'utf8')
}

export function readContract(relative: string): unknown {
  return JSON.parse(readContractText(relative)) as unknown
}
