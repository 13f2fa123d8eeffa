import { afterEach, describe, expect, it } from 'vitest'
import { createApp, defineComponent, h, nextTick, ref, type App } from 'vue'
import { createI18n } from 'vue-i18n'
import { createPinia, getActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { flushPromises } from '@vue/test-utils'
import { createTraceboard } from '@/module/createTraceboard'
import { requirePermission } from '@/module/routes'

let app: App | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  document.body.innerHTML = ''
})

function hostRouter(): Router {
  const Layout = defineComponent({ render: () => h('div', { class: 'host-layout' }, [h(RouterView)]) })
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'host home') } },
      { path: '/admin', name: 'host.admin', component: Layout, children: [] },
    ],
  })
}

async function mountHost(router: Router, plugin: ReturnType<typeof createTraceboard>, path: string, afterInstall?: () => void) {
  const el = document.createElement('div')
  document.body.appendChild(el)
  app = createApp({ render: () => h(RouterView) })
  app.use(createPinia())
  app.use(router)
  app.use(plugin)
  afterInstall?.()
  await router.push(path)
  app.mount(el)
  await flushPromises()
  return el
}

describe('createTraceboard', () => {
  it('adds prefixed routes under basePath and removes them all on dispose', async () => {
    const router = hostRouter()
    const plugin = createTraceboard({ router, backends: {} })
    const el = await mountHost(router, plugin, '/monitoring')
    expect(router.currentRoute.value.name).toBe('tb.connections')
    expect(el.querySelector('[data-testid="traceboard-root"]')).not.toBeNull()
    const ours = router.getRoutes().filter((r) => String(r.name).startsWith('tb.'))
    expect(ours.length).toBeGreaterThan(2)
    expect(router.getRoutes().every((r) => !r.name || String(r.name).startsWith('tb.') || String(r.name).startsWith('host.'))).toBe(true)
    app?.unmount()
    app = undefined
    plugin.dispose()
    expect(router.getRoutes().some((r) => String(r.name).startsWith('tb.'))).toBe(false)
    expect(router.hasRoute('host.admin')).toBe(true)
  })

  it('recovers a location under basePath that the host navigated to before installing it', async () => {
    const router = hostRouter()
    const el = document.createElement('div')
    app = createApp({ render: () => h(RouterView) })
    app.use(router)
    await router.push('/monitoring/connections')
    expect(router.currentRoute.value.matched).toHaveLength(0)
    app.use(createTraceboard({ router, backends: {} }))
    app.mount(el)
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('tb.connections')
    expect(el.querySelector('[data-testid="traceboard-root"]')).not.toBeNull()
  })

  it('renders inside the host layout when given parentRouteName', async () => {
    const router = hostRouter()
    const plugin = createTraceboard({ router, basePath: '/admin/monitoring', parentRouteName: 'host.admin', backends: {} })
    const el = await mountHost(router, plugin, '/admin/monitoring/connections')
    expect(el.querySelector('.host-layout [data-testid="traceboard-root"]')).not.toBeNull()
  })

  it('says there is no such page for an unknown path under basePath, inside its own layout, and leaves host paths alone', async () => {
    const router = hostRouter()
    const plugin = createTraceboard({ router, backends: {} })
    const el = await mountHost(router, plugin, '/monitoring/slo')
    expect(router.currentRoute.value.name).toBe('tb.notFound')
    expect(el.querySelector('[data-testid="traceboard-root"] [data-testid="page-not-found"]')?.textContent).toContain('/monitoring/slo')
    await router.push('/monitoring/traces/not/a/trace/page')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('tb.notFound')
    await router.push('/admin')
    expect(router.currentRoute.value.name).toBe('host.admin')
  })

  it('shows the no-permission view when can() denies, also for an async can()', async () => {
    const router = hostRouter()
    const plugin = createTraceboard({ router, backends: {}, can: async () => false })
    // Exercise the same guard the module's routes use, on a route that needs logs:read.
    const el = await mountHost(router, plugin, '/monitoring/secret', () => {
      router.addRoute('tb.root', {
        path: 'secret',
        name: 'tb.secret',
        component: { render: () => h('p', 'secret') },
        beforeEnter: requirePermission(plugin.options.can, 'logs:read'),
      })
    })
    expect(router.currentRoute.value.name).toBe('tb.denied')
    expect(el.querySelector('[data-testid="permission-denied"]')?.textContent).toContain('logs:read')
    expect(el.textContent).not.toContain('secret')
  })

  it('reuses the host pinia and creates one only when the host has none', async () => {
    const router = hostRouter()
    const hostPinia = createPinia()
    const el = document.createElement('div')
    app = createApp({ render: () => h(RouterView) })
    app.use(hostPinia)
    app.use(router)
    app.use(createTraceboard({ router, backends: {} }))
    expect(app.config.globalProperties.$pinia).toBe(hostPinia)
    app.mount(el)
    app.unmount()

    const router2 = hostRouter()
    app = createApp({ render: () => h(RouterView) })
    app.use(router2)
    app.use(createTraceboard({ router: router2, backends: {} }))
    expect(app.config.globalProperties.$pinia).toBeDefined()
    expect(getActivePinia()).toBeDefined()
  })

  it('speaks English when asked, Korean by default', async () => {
    const router = hostRouter()
    const el = await mountHost(router, createTraceboard({ router, backends: {} }), '/monitoring')
    expect(el.textContent).toContain('연결 상태')
    app?.unmount()
    const router2 = hostRouter()
    const el2 = await mountHost(router2, createTraceboard({ router: router2, backends: {}, locale: 'en' }), '/monitoring')
    expect(el2.textContent).toContain('Connections')
  })

  it('follows a locale ref from the host as it changes', async () => {
    const router = hostRouter()
    const locale = ref('ko-KR')
    const el = await mountHost(router, createTraceboard({ router, backends: {}, locale }), '/monitoring')
    expect(el.textContent).toContain('연결 상태')
    locale.value = 'en-US'
    await nextTick()
    expect(el.textContent).toContain('Connections')
  })

  it("follows the host's own vue-i18n when no locale is given, without touching it", async () => {
    const router = hostRouter()
    const hostI18n = createI18n({ legacy: false, locale: 'en', messages: { en: { hello: 'Hello' }, ko: { hello: '안녕' } } })
    const el = document.createElement('div')
    app = createApp({ render: () => h(RouterView) })
    app.use(hostI18n)
    app.use(router)
    app.use(createTraceboard({ router, backends: {} }))
    await router.push('/monitoring')
    app.mount(el)
    await flushPromises()
    expect(el.textContent).toContain('Connections')
    hostI18n.global.locale.value = 'ko'
    await nextTick()
    expect(el.textContent).toContain('연결 상태')
    expect(hostI18n.global.t('hello')).toBe('안녕')
    expect(hostI18n.global.availableLocales.sort()).toEqual(['en', 'ko'])
  })
})
