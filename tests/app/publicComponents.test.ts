import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, type App } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { flushPromises } from '@vue/test-utils'
import { createTraceboard } from '@/module/createTraceboard'
import { TraceWaterfall } from '@/public/components'
import HostPageLink from '@/components/HostPageLink.vue'
import { buildTrace } from '@/domain/trace'
import type { TraceboardOptions } from '@/module/options'

let app: App | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
})

async function mountOnHostPage(render: () => ReturnType<typeof h>, extra: Partial<TraceboardOptions> = {}) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render } }, { path: '/catalogue/:name', name: 'host.catalogue', component: { render: () => h('p', 'catalogue') } }] })
  app = createApp({ render: () => h(RouterView) })
  app.use(router)
  app.use(createTraceboard({ router, locale: 'en', backends: {}, ...extra }))
  const el = document.createElement('div')
  await router.push('/')
  app.mount(el)
  // Public components load lazily (component, scope, services and strings): wait for them.
  for (let i = 0; i < 200 && (el.innerHTML === '' || el.innerHTML === '<!---->'); i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 20))
  }
  await flushPromises()
  return el
}

const trace = buildTrace([
  { traceId: 'a'.repeat(16), spanId: 'b'.repeat(16), service: 'api', name: 'GET /', startUs: 1_000, durationUs: 500, attributes: { 'user.email': 'x@example.com' } },
])

describe('public components on a host page', () => {
  it('TraceWaterfall asks can("traces:read") itself and says no instead of showing span data', async () => {
    const el = await mountOnHostPage(() => h(TraceWaterfall, { trace }), { can: async (p) => p !== 'traces:read' })
    expect(el.querySelector('[data-testid="permission-denied"]')?.textContent).toContain('traces:read')
    expect(el.textContent).not.toContain('GET /')
  })

  it('TraceWaterfall renders the trace inside Traceboard’s scope when allowed', async () => {
    const el = await mountOnHostPage(() => h(TraceWaterfall, { trace }))
    expect(el.querySelector('.tb-root [data-testid="span-row"]')).not.toBeNull()
  })
})

describe('links to the host’s own pages', () => {
  it('come from the links.hostPage callback: routes become in-app links, only http(s) URLs go out', async () => {
    const hostPage: NonNullable<NonNullable<TraceboardOptions['links']>['hostPage']> = (t) =>
      t.service === 'api'
        ? { label: 'Catalogue', to: { name: 'host.catalogue', params: { name: t.service } } }
        : t.service === 'evil'
          ? { label: 'Evil', to: 'javascript:alert(1)' }
          : { label: 'Wiki', to: 'https://wiki.example.com/api' }
    const el = await mountOnHostPage(
      () => h('div', [h(HostPageLink, { target: { kind: 'service', service: 'api' } }), h(HostPageLink, { target: { kind: 'service', service: 'wiki' } }), h(HostPageLink, { target: { kind: 'service', service: 'evil' } })]),
      { links: { hostPage } },
    )
    const anchors = [...el.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])
    expect(anchors).toContainEqual(['Catalogue', '/catalogue/api'])
    expect(anchors).toContainEqual(['Wiki', 'https://wiki.example.com/api'])
    expect(anchors.some(([, href]) => href?.startsWith('javascript'))).toBe(false)
  })
})
