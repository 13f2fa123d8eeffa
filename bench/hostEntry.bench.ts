/**
 * What installing Traceboard costs a host app: the gzipped size of a tiny host's entry chunk
 * with and without `createTraceboard` from the built package (views are lazy chunks and are
 * not counted: the host only pays for them when a user opens them). Also the standalone app's
 * initial JS.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildLibrary, buildTinyHost, repoRoot } from '../tests/support/tinyHost'

export async function run(): Promise<Record<string, unknown>> {
  await buildLibrary()
  const without = await buildTinyHost('bench-host-plain', false)
  const withTb = await buildTinyHost('bench-host-traceboard', true)

  const { build } = await import('vite')
  const outDir = join(repoRoot, '.tmp', 'bench-standalone')
  await build({ root: repoRoot, logLevel: 'error', build: { outDir, emptyOutDir: true } })
  const html = readFileSync(join(outDir, 'index.html'), 'utf8')
  const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? '')
  const initialGzip = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, 'assets', f))).length, 0)
  const allJs = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'))

  return {
    'host entry without Traceboard (gzip KiB)': without.entryGzipBytes / 1024,
    'host entry with Traceboard installed (gzip KiB)': withTb.entryGzipBytes / 1024,
    'host entry growth (gzip KiB, budget 15)': (withTb.entryGzipBytes - without.entryGzipBytes) / 1024,
    'standalone app initial JS (gzip KiB, budget 250)': initialGzip / 1024,
    'standalone app JS chunks': allJs.length,
  }
}
