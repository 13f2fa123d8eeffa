import type { RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'

/**
 * Routes of the logs views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard.
 */
export function logsRoutes(_options: ResolvedOptions): RouteRecordRaw[] {
  return []
}
