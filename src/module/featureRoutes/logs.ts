import type { RouteRecordRaw } from 'vue-router'
import type { ResolvedOptions } from '../options'
import { ROUTE } from '../routeNames'

/**
 * Routes of the logs views, children of Traceboard's root route. Each sets
 * `meta.tbPermission`; routes.ts adds the guard. The query is `logsLink`'s (links.ts).
 */
export function logsRoutes(_options: ResolvedOptions): RouteRecordRaw[] {
  return [
    {
      path: 'logs',
      name: ROUTE.logs,
      component: () => import('@/views/logs/LogSearchView.vue'),
      meta: { tbPermission: 'logs:read' },
    },
  ]
}
