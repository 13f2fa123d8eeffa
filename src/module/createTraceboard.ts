import { watch, type App } from 'vue'
import { createPinia } from 'pinia'
import { I18N_KEY, type TraceboardComposer } from '@/i18n/keys'
import { CONTEXT_KEY, createContext } from './context'
import { resolveOptions, toLocale, type Locale, type ResolvedOptions, type TraceboardOptions } from './options'
import { buildRoutes } from './routes'
import { prestartTraceWorker, startEarlyTraceLoad } from '@/workers/earlyTraceLoad'
import { ROUTE } from './routeNames'
import { loadStrings } from './lazyModules'

/** A Vue plugin (`app.use(...)`) with a way to take it out again. */
export interface TraceboardPlugin {
  install(app: App): void
  readonly options: ResolvedOptions
  /** Removes every route Traceboard added to the host's router. */
  dispose(): void
}

/**
 * Installs Traceboard into a host Vue app: validates the options (throwing a readable
 * TraceboardConfigError), adds its routes to the host's router under `basePath`, and provides
 * backend clients and translations to its own components only.
 */
export function createTraceboard(input: TraceboardOptions): TraceboardPlugin {
  const options = resolveOptions(input)
  let removers: (() => void)[] = []
  let stopLocale: (() => void) | undefined

  function install(app: App): void {
    // Reuse the host's pinia; only a host without one gets a fresh instance.
    if (!app.config.globalProperties.$pinia) app.use(createPinia())
    // The language is followed from install on; vue-i18n and the strings load with the first
    // view (or public component), which is when the composer is made and provided.
    const language: Language = { locale: options.locale, composer: undefined }
    stopLocale = followHostLocale(app, options, language)
    const context = createContext(options, async () => {
      const [{ createEmptyTraceboardI18n }, { en, ko }] = await loadStrings()
      const composer = createEmptyTraceboardI18n(language.locale)
      composer.setLocaleMessage('en', en)
      composer.setLocaleMessage('ko', ko)
      language.composer = composer
      app.provide(I18N_KEY, composer)
    })
    app.provide(CONTEXT_KEY, context)

    const { router } = options
    // The trace request starts with the route, in parallel with the view's chunk and the
    // service layer: the worker is started and asked at once where it needs nothing of the host
    // (earlyTraceLoad, a few hundred bytes); the prefetch code is a lazy chunk, out of the
    // host's entry, and takes that request over (or sends it, with the host's headers).
    const traces = options.backends.traces
    // The worker sends the request itself only where it needs nothing of the host.
    const workerTraces = !options.http && !options.traceHeaders ? traces : undefined
    const onTraceRoute = (traceId: string): void => {
      if (workerTraces) startEarlyTraceLoad(context, workerTraces, traceId)
      void import('@/composables/useTracePrefetch').then((m) => m.startTracePrefetch(context, traceId), () => undefined)
    }
    const route = buildRoutes(options, context.ready, traces ? { onTraceRoute } : {})
    removers.push(options.parentRouteName ? router.addRoute(options.parentRouteName, route) : router.addRoute(route))
    // Opened on a trace URL: the worker starts now, ahead of the route's chunks (the guard still
    // decides whether the trace is asked for). Only under basePath, where every path matches.
    const opened = router.options.history.location
    if (workerTraces && isUnder(opened.split(/[?#]/)[0] ?? '', options.basePath) && router.resolve(opened).name === ROUTE.trace) prestartTraceWorker()

    // A host that navigated (or began its first navigation) before installing us may sit on
    // a "no match" location under basePath: resolve it again once the router is ready.
    const resolveAgain = (): void => {
      const current = router.currentRoute.value
      if (current.matched.length === 0 && isUnder(current.path, options.basePath)) void router.replace(current.fullPath)
    }
    resolveAgain()
    void router.isReady().then(resolveAgain, () => undefined)
  }

  return {
    options,
    install,
    dispose() {
      for (const remove of removers) remove()
      removers = []
      stopLocale?.()
      stopLocale = undefined
    },
  }
}

function isUnder(path: string, basePath: string): boolean {
  return path === basePath || path.startsWith(`${basePath}/`)
}

/** The locale a host's vue-i18n exposes on `$i18n` (legacy: a string; composition: a ref). */
function hostI18nLocale(app: App): (() => string | undefined) | undefined {
  const host: unknown = app.config.globalProperties.$i18n
  if (typeof host !== 'object' || host === null || !('locale' in host)) return undefined
  return () => {
    const locale: unknown = (host as { locale: unknown }).locale
    if (typeof locale === 'string') return locale
    if (typeof locale === 'object' && locale !== null && 'value' in locale) {
      const value: unknown = (locale as { value: unknown }).value
      return typeof value === 'string' ? value : undefined
    }
    return undefined
  }
}

/** Traceboard's language, and its i18n composer once the strings have loaded. */
interface Language {
  locale: Locale
  composer: TraceboardComposer | undefined
}

/**
 * Keeps Traceboard's language in step with the host: an explicit locale ref wins, else the
 * host's vue-i18n when installed (before or after Traceboard: read lazily), else the option.
 */
function followHostLocale(app: App, options: ResolvedOptions, language: Language): () => void {
  const source = options.localeSource
    ? () => options.localeSource?.value
    : (): string | undefined => hostI18nLocale(app)?.()
  return watch(
    source,
    (tag) => {
      if (!tag) return
      language.locale = toLocale(tag)
      if (language.composer) language.composer.locale.value = language.locale
    },
    { immediate: true },
  )
}
