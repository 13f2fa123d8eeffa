import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, type App } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { flushPromises } from '@vue/test-utils'
import axios from 'axios'
import { createTraceboard } from '@/module/createTraceboard'
import { setFailureLogger } from '@/services/log'
import { sendJson, startTestServer, type TestServer } from '../support/testServer'

let app: App | undefined
const servers: TestServer[] = []
setFailureLogger(() => {})

afterEach(async () => {
  app?.unmount()
  app = undefined
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 20))
    await flushPromises()
  }
}

describe('ConnectionsView', () => {
  it('checks every backend on its own: a failing log store leaves metrics and traces shown', async () => {
    const prom = await startTestServer((req, res) => {
      if (req.url.startsWith('/api/v1/status/buildinfo')) sendJson(res, 200, { status: 'success', data: { version: '2.42.0', revision: 'x', branch: 'HEAD', buildUser: 'u', buildDate: 'd', goVersion: 'go1.20' } })
      else sendJson(res, 200, { status: 'success', data: ['traces_span_metrics_calls_total', 'traces_span_metrics_duration_milliseconds_bucket'] })
    })
    const zipkin = await startTestServer((_req, res) => sendJson(res, 200, ['api-gateway', 'auth-service', '<img src=x onerror=alert(1)>']))
    const es = await startTestServer((_req, res) => sendJson(res, 500, { error: { type: 'search_phase_execution_exception', reason: 'all shards failed' }, status: 500 }))
    servers.push(prom, zipkin, es)

    const router = createRouter({ history: createMemoryHistory(), routes: [] })
    app = createApp({ render: () => h(RouterView) })
    app.use(router)
    app.use(
      createTraceboard({
        router,
        locale: 'en',
        // The host's own axios per backend; here node's HTTP adapter, as a server-side host would.
        http: () => axios.create({ adapter: 'http' }),
        backends: {
          metrics: { url: prom.url },
          traces: { kind: 'zipkin', url: zipkin.url },
          logs: { url: es.url, indexPattern: 'logs-*', mapping: 'ecs' },
        },
      }),
    )
    const el = document.createElement('div')
    await router.push('/monitoring/connections')
    app.mount(el)
    await until(() => el.querySelectorAll('[data-testid="connection-card"][data-state="checking"]').length === 0)

    const cards = [...el.querySelectorAll<HTMLElement>('[data-testid="connection-card"]')]
    expect(cards.map((c) => c.dataset.state)).toEqual(['ok', 'ok', 'error'])
    expect(cards[0]?.textContent).toContain('Version 2.42.0')
    expect(cards[0]?.textContent).toContain('spanmetrics')
    expect(cards[1]?.textContent).toContain('3 services')
    expect(cards[2]?.textContent).toContain('search_phase_execution_exception')
    expect(el.querySelector('img')).toBeNull()
  })

  it('says which backends are not configured', async () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [] })
    app = createApp({ render: () => h(RouterView) })
    app.use(router)
    app.use(createTraceboard({ router, locale: 'ko', backends: {} }))
    const el = document.createElement('div')
    await router.push('/monitoring/connections')
    app.mount(el)
    await flushPromises()
    const states = [...el.querySelectorAll<HTMLElement>('[data-testid="connection-card"]')].map((c) => c.dataset.state)
    expect(states).toEqual(['unconfigured', 'unconfigured', 'unconfigured'])
    expect(el.textContent).toContain('설정되지 않음')
  })
})
