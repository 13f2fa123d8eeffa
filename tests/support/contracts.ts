import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** `../shared/contracts` beside the repo: real upstream payloads (see its README for sources). */
export const contractsDir = fileURLToPath(new URL('../../../shared/contracts/', import.meta.url))

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
