import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const INPUTS = ['src', 'host-demo', 'vite.config.ts', 'vite.host-demo.config.ts', 'package.json', 'package-lock.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  let newest = s.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** True when `<distDir>/index.html` is missing or older than any source of the app. */
export function appBuildIsStale(root: string, distDir: string): boolean {
  const index = join(distDir, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return INPUTS.some((p) => newestMtime(join(root, p)) > built)
}

/**
 * `vite build` of the host demo (a back-office with Traceboard installed inside it) through
 * Vite's JS API, with vite.host-demo.config.ts: output in dist-demo/.
 */
export async function buildApp(root: string): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.host-demo.config.ts'), logLevel: 'error' })
}
