import type { RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'

/**
 * Routes of the metrics views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard.
 */
export function metricsRoutes(_options: ResolvedOptions): RouteRecordRaw[] {
  return []
}
