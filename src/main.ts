import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import { createTraceboard, TraceboardConfigError } from './index'
import StandaloneShell from './shell/StandaloneShell.vue'
import { loadRuntimeConfig } from './shell/loadRuntimeConfig'
import { warmTraceRoute } from './shell/warmTraceRoute'

// The standalone app is just another host: it installs Traceboard through the same
// createTraceboard() that an existing back-office uses.
async function start(): Promise<void> {
  warmTraceRoute(location.pathname)
  const config = await loadRuntimeConfig()
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes: [{ path: '/', redirect: config.basePath ?? '/monitoring' }],
  })
  const app = createApp(StandaloneShell)
  app.use(createPinia())
  try {
    app.use(createTraceboard({ ...config, router }))
  } catch (e) {
    // A bad config must say what is wrong, not leave a blank page.
    const text = e instanceof TraceboardConfigError ? e.message : `Traceboard failed to start: ${String(e)}`
    console.error(text)
    createApp({ render: () => h('pre', { role: 'alert', 'data-testid': 'config-error' }, text) }).mount('#app')
    return
  }
  // The router after Traceboard: its first navigation then finds Traceboard's routes, instead of
  // matching nothing (a warning) and being resolved again (a second navigation).
  app.use(router)
  app.mount('#app')
}

void start()
