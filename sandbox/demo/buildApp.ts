import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json']

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  let newest = s.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** True when `dist/index.html` is missing or older than any source of the app. */
export function appBuildIsStale(root: string, distDir: string): boolean {
  const index = join(distDir, 'index.html')
  if (!existsSync(index)) return true
  const built = statSync(index).mtimeMs
  return INPUTS.some((p) => newestMtime(join(root, p)) > built)
}

/** `vite build` through Vite's JS API, with the project's own vite.config.ts. */
export async function buildApp(root: string): Promise<void> {
  const { build } = await import('vite')
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error' })
}
