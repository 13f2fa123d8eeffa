import { prestartTraceWorker } from '@/workers/earlyTraceLoad'

const TRACE_PATH = /\/traces\/[0-9a-fA-F]{16}(?:[0-9a-fA-F]{16})?\/?$/

/**
 * The standalone app opened on a trace link: the trace worker and the trace page's code are
 * asked for first thing, beside the runtime config, instead of after it and the router's first
 * navigation (the worker's script would otherwise queue behind the route's chunks). A failed
 * load is left to the router, which loads the same modules and says what failed.
 */
export function warmTraceRoute(pathname: string): void {
  if (!TRACE_PATH.test(pathname)) return
  prestartTraceWorker()
  void Promise.all([
    import('@/views/TraceboardRoot.vue'),
    import('@/views/traces/TraceView.vue'),
    import('@/services/backends'),
    import('@/i18n/composer'),
    import('@/i18n/messages'),
  ]).catch(() => undefined)
}
