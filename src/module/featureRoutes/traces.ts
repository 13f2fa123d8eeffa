import type { NavigationGuardWithThis, RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'
import { ROUTE } from '../routeNames'

/**
 * Routes of the traces views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard. Search query: `tracesLink` (links.ts); trace
 * page query: `span`, `find`, `svc`, `zoom`, `tab`, `logs` (useTraceRouteState.ts).
 */
/** A trace opened from a file (no backend); param `key` = `<file>-<index>` (stores/tracesUploads.ts). */
export const TRACE_LOCAL_ROUTE = 'tb.traceLocal'

/** The trace page's code: its route loads it, and the standalone app warms it on a cold trace link. */
export const loadTraceView = () => import('@/views/traces/TraceView.vue')

/**
 * `onTraceRoute`: told the trace id once a trace route is allowed (after the permission guard),
 * before the view's chunk loads, so the trace request can start at once.
 */
export function tracesRoutes(_options: ResolvedOptions, onTraceRoute?: (traceId: string) => void): RouteRecordRaw[] {
  const meta = { tbPermission: 'traces:read' as const }
  const beforeEnter: NavigationGuardWithThis<undefined> = (to) => {
    onTraceRoute?.(String(to.params.traceId ?? ''))
  }
  return [
    { path: 'traces', name: ROUTE.traces, meta, component: () => import('@/views/traces/TraceSearchView.vue') },
    // A trace opened from a file: no backend, kept in memory by the uploads store.
    { path: 'traces/local/:key', name: TRACE_LOCAL_ROUTE, meta, component: () => import('@/views/traces/LocalTraceView.vue') },
    { path: 'traces/:traceId', name: ROUTE.trace, meta, beforeEnter, component: loadTraceView },
    { path: 'dependencies', name: ROUTE.dependencies, meta, component: () => import('@/views/traces/DependenciesView.vue') },
  ]
}
