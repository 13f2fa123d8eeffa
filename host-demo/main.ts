import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createI18n } from 'vue-i18n'
import { createRouter, createWebHistory, RouterView } from 'vue-router'
// A real host imports these from 'traceboard'; the demo uses the sources directly.
import { createTraceboard } from '@/index'
import { loadRuntimeConfig } from '@/shell/loadRuntimeConfig'
import BackOfficeLayout from './BackOfficeLayout.vue'
import HomePage from './pages/HomePage.vue'
import OpenApiPage from './pages/OpenApiPage.vue'
import { hostMessages } from './messages'
import { initialLocale, theme } from './hostState'
import { can } from './users'

/**
 * A back-office in the style of a real admin app, with its own pages, its own vue-i18n and
 * its own permissions, and Traceboard installed inside its layout exactly as every host would.
 */
async function start(): Promise<void> {
  const config = await loadRuntimeConfig()
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      {
        path: '/',
        name: 'host.layout',
        component: BackOfficeLayout,
        children: [
          { path: '', name: 'host.home', component: HomePage },
          { path: 'openapi', name: 'host.openapi', component: OpenApiPage },
        ],
      },
    ],
  })
  const i18n = createI18n({ legacy: false, locale: initialLocale(), fallbackLocale: 'en', messages: hostMessages })
  document.documentElement.lang = initialLocale()

  const app = createApp({ render: () => h(RouterView) })
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  app.use(
    createTraceboard({
      ...config,
      basePath: '/monitoring',
      parentRouteName: 'host.layout',
      router,
      can,
      theme,
      // A service page links back to the host's own API catalogue.
      links: { ...config.links, hostPage: () => ({ label: i18n.global.t('nav.openapi'), to: { name: 'host.openapi' } }) },
    }),
  )
  app.mount('#app')
}

void start()
