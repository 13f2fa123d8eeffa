import { build } from 'vite'
import { fileURLToPath } from 'node:url'

/** Builds the standalone app once for every end-to-end test file. */
export default async function setup(): Promise<void> {
  const root = fileURLToPath(new URL('../..', import.meta.url))
  await build({ root, logLevel: 'warn', build: { outDir: `${root}.tmp/e2e-dist`, emptyOutDir: true } })
}
