import type { RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'

/**
 * Routes of the traces views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard.
 */
export function tracesRoutes(_options: ResolvedOptions): RouteRecordRaw[] {
  return []
}
