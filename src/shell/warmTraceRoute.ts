import { parseUserTraceId } from '@/domain/ids'
import { loadRootView, loadServiceLayer, loadStrings } from '@/module/lazyModules'
import { loadTraceView } from '@/module/featureRoutes/traces'
import { prestartTraceWorker } from '@/workers/earlyTraceLoad'

// Before the config and the router: only the path's shape tells that this is a trace page.
const TRACE_PATH = /\/traces\/([^/]+)\/?$/

/**
 * The standalone app opened on a trace link: the trace worker and the trace page's code are
 * asked for first thing, beside the runtime config, instead of after it and the router's first
 * navigation (the worker's script would otherwise queue behind the route's chunks). A failed
 * load is left to the router, which loads the same modules and says what failed.
 */
export function warmTraceRoute(pathname: string): void {
  const id = TRACE_PATH.exec(pathname)?.[1]
  if (id === undefined || !parseUserTraceId(id)) return
  prestartTraceWorker()
  void Promise.all([loadRootView(), loadTraceView(), loadServiceLayer(), loadStrings()]).catch(() => undefined)
}
