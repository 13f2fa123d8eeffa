import type { RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'
import { ROUTE } from '../routeNames'

/**
 * Routes of the metrics views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard. Without a metrics backend the landing page is
 * the connections view (which says what is configured) rather than an overview that can only
 * say "not configured"; the service and alerts pages still say it if linked to.
 */
export function metricsRoutes(options: ResolvedOptions): RouteRecordRaw[] {
  const meta = { tbPermission: 'metrics:read' as const }
  const overview: RouteRecordRaw = options.backends.metrics
    ? { path: '', name: ROUTE.overview, meta, component: () => import('@/views/metrics/OverviewView.vue') }
    : { path: '', name: ROUTE.overview, redirect: { name: ROUTE.connections } }
  return [
    overview,
    { path: 'services/:service', name: ROUTE.service, meta, component: () => import('@/views/metrics/ServiceView.vue') },
    { path: 'alerts', name: ROUTE.alerts, meta, component: () => import('@/views/metrics/AlertsView.vue') },
    { path: 'slos', name: ROUTE.slos, meta, component: () => import('@/views/metrics/SloView.vue') },
  ]
}
