import { cpSync, mkdirSync, rmSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Builds Traceboard's library (dist/lib) with the project's own library config. */
export async function buildLibrary(): Promise<void> {
  const { build } = await import('vite')
  await build({ configFile: join(repoRoot, 'vite.lib.config.ts'), logLevel: 'error' })
}

/**
 * A separate tiny host app (vue, vue-router, pinia, vue-i18n, axios, as a back-office has) that depends on the BUILT package by name (`import … from
 * 'traceboard'`, resolved through package.json `exports`), as an npm consumer would. It lives
 * under .tmp/ so vue, vue-router… resolve from the repo's node_modules like a host's own.
 */
export async function buildTinyHost(
  name: string,
  withTraceboard: boolean,
  /** Lines replacing the plain `createTraceboard` install (a host with its own axios and auth). */
  install?: string[],
): Promise<{ dir: string; dist: string; /** Gzipped bytes of the JS loaded up front. */ entryGzipBytes: number }> {
  const dir = join(repoRoot, '.tmp', name)
  rmSync(dir, { recursive: true, force: true })
  // The package as npm would install it: package.json and the built files only (a copy, not a
  // symlink to the repo, which would make tools walking the tree loop forever).
  const pkgDir = join(dir, 'node_modules', 'traceboard')
  mkdirSync(pkgDir, { recursive: true })
  cpSync(join(repoRoot, 'package.json'), join(pkgDir, 'package.json'))
  cpSync(join(repoRoot, 'dist', 'lib'), join(pkgDir, 'dist', 'lib'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="app"></div><script type="module" src="./main.js"></script></body></html>')
  const tb = withTraceboard
  writeFileSync(
    join(dir, 'main.js'),
    [
      "import { createApp, h } from 'vue'",
      "import { createRouter, createWebHistory, RouterView, RouterLink } from 'vue-router'",
      // A back-office already has these; Traceboard shares them (peer dependencies).
      "import { createPinia } from 'pinia'",
      "import { createI18n } from 'vue-i18n'",
      "import axios from 'axios'",
      tb ? "import { createTraceboard } from 'traceboard'" : '',
      tb ? "import 'traceboard/style.css'" : '',
      "const router = createRouter({ history: createWebHistory(), routes: [{ path: '/', component: { render: () => h('p', { 'data-testid': 'host-home' }, 'host home') } }] })",
      "const app = createApp({ render: () => h('div', [h(RouterLink, { to: '/monitoring/connections' }, () => 'monitoring'), h(RouterView)]) })",
      'app.use(router)',
      'app.use(createPinia())',
      "app.use(createI18n({ legacy: false, locale: 'en', messages: { en: { hello: 'Hello' } } }))",
      "app.config.globalProperties.$http = axios.create()",
      ...(tb ? (install ?? ["app.use(createTraceboard({ router, locale: 'en', backends: { traces: { kind: 'zipkin', url: '/api/traces' } } }))"]) : []),
      "app.mount('#app')",
    ].join('\n'),
  )
  const { build } = await import('vite')
  const dist = join(dir, 'dist')
  await build({ root: dir, configFile: false, logLevel: 'error', build: { outDir: dist, emptyOutDir: true } })
  const assets = join(dist, 'assets')
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  // What the browser loads up front: the entry and every chunk it statically imports
  // (modulepreload); lazy chunks are not counted.
  const initial = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? '')
  if (initial.length === 0 || !initial.every((f) => existsSync(join(assets, f)))) {
    throw new Error(`no entry chunk in ${readdirSync(assets).join(', ')}`)
  }
  const entryGzipBytes = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length, 0)
  return { dir, dist, entryGzipBytes }
}
