import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { serveBuiltApp } from '../support/staticServer'
import type { TestServer } from '../support/testServer'
import { buildLibrary, buildTinyHost, repoRoot } from '../support/tinyHost'

describe.runIf(requireBinary(CHROMIUM_PATH, 'chromium'))('the built library in a separate tiny host app', () => {
  let browser: Browser
  let server: TestServer

  beforeAll(async () => {
    await buildLibrary()
    const host = await buildTinyHost('tiny-host', true)
    server = await serveBuiltApp(host.dist)
    browser = await launchChromium()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('resolves `traceboard` through package.json exports to an ES module and one CSS file, peers external', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, { import?: string; types?: string } | string>
      peerDependencies: Record<string, string>
    }
    const main = pkg.exports['.'] as { import: string; types: string }
    expect(existsSync(join(repoRoot, main.import))).toBe(true)
    expect(existsSync(join(repoRoot, pkg.exports['./style.css'] as string))).toBe(true)
    const libDir = join(repoRoot, 'dist/lib')
    const files = readdirSync(libDir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))
    const chunks = files.map((f) => readFileSync(join(libDir, f), 'utf8')).join('\n')
    // Peer dependencies stay imports, never bundled copies.
    for (const peer of ['vue', 'vue-router', 'pinia', 'vue-i18n', 'axios', 'echarts/core', 'vue-echarts']) {
      expect(chunks, peer).toMatch(new RegExp(`from\\s*"${peer}"`))
    }
    expect(chunks).not.toContain('__VUE_PROD_DEVTOOLS__')
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['axios', 'echarts', 'pinia', 'vue', 'vue-echarts', 'vue-i18n', 'vue-router'])
  })

  it('mounts Traceboard inside the host from the built package', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/`)
    await page.getByTestId('host-home').waitFor()
    await page.getByText('monitoring').click()
    await page.getByTestId('traceboard-root').waitFor()
    await page.getByTestId('connections').waitFor()
    expect(await page.getByTestId('traceboard-root').textContent()).toContain('Connections')
    expect(errors).toEqual([])
    await page.close()
  })
})
