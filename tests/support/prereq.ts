import { existsSync } from 'node:fs'

/**
 * A test prerequisite (a Debian binary). Under CI=true a missing one fails the run with the
 * install command; on a developer machine the caller may skip with a loud warning instead.
 */
export function requireBinary(path: string, aptPackage: string): boolean {
  if (existsSync(path)) return true
  const message = `${path} is missing: apt-get install -y --no-install-recommends ${aptPackage}`
  if (process.env.CI === 'true') throw new Error(`CI prerequisite missing: ${message}`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}
