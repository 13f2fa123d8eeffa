import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { CHROMIUM_PATH, launchChromium } from '../support/browser'
import { requireBinary } from '../support/prereq'
import { serveBuiltApp } from '../support/staticServer'
import { sendJson, type TestServer } from '../support/testServer'

const dist = fileURLToPath(new URL('../../.tmp/e2e-dist', import.meta.url))
const hasChromium = requireBinary(CHROMIUM_PATH, 'chromium')

describe.runIf(hasChromium)('standalone app in chromium', () => {
  let browser: Browser
  let config: unknown = undefined
  let server: TestServer

  beforeAll(async () => {
    browser = await launchChromium()
    server = await serveBuiltApp(dist, (url, res) => {
      if (!url.startsWith('/traceboard.config.json')) return false
      if (config === undefined) res.writeHead(404).end()
      else sendJson(res, 200, config)
      return true
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('mounts the module under /monitoring through createTraceboard, in Korean by default', async () => {
    config = undefined
    const page = await browser.newPage()
    await page.goto(`${server.url}/`)
    await page.getByTestId('traceboard-root').waitFor()
    expect(new URL(page.url()).pathname).toBe('/monitoring')
    expect(await page.getByRole('navigation').first().textContent()).toContain('연결 상태')
    await page.close()
  })

  it('shows which option is wrong instead of a blank page when the config is bad', async () => {
    config = { backends: { traces: { kind: 'tempo', url: '/api/traces' } } }
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(`${server.url}/monitoring`)
    const alert = page.getByTestId('config-error')
    await alert.waitFor()
    expect(await alert.textContent()).toContain('backends.traces.kind')
    expect(errors.join('\n')).toContain('backends.traces.kind')
    await page.close()
  })
})

/** V8's magic comment, as vite.config.ts adds it (the contract is the literal text V8 reads). */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

describe('the standalone build', () => {
  it('asks V8 to compile each chunk while it loads (explicit compile hint), except the ECharts one', () => {
    const assets = join(dist, 'assets')
    const chunks = readdirSync(assets).filter((f) => f.endsWith('.js'))
    const hinted = (f: string): boolean => readFileSync(join(assets, f), 'utf8').startsWith(COMPILE_HINT)
    // The trace worker is a build of its own, loaded by the worker (its start is measured apart).
    const others = chunks.filter((f) => !f.startsWith('echarts-') && !f.startsWith('traceWorker-'))
    // The trace page's code (in a chunk shared with the upload view) is among them.
    expect(others.some((f) => readFileSync(join(assets, f), 'utf8').includes('trace-waterfall'))).toBe(true)
    for (const f of others) expect(hinted(f), f).toBe(true)
    const echarts = chunks.filter((f) => f.startsWith('echarts-'))
    expect(echarts.length).toBeGreaterThan(0)
    for (const f of echarts) expect(hinted(f), f).toBe(false)
  })
})
