import type { NavigationGuardWithThis, RouteRecordRaw } from 'vue-router'
import type { Permission, ResolvedOptions } from './options'
import { metricsRoutes } from './featureRoutes/metrics'
import { tracesRoutes } from './featureRoutes/traces'
import { logsRoutes } from './featureRoutes/logs'
import { ROUTE } from './routeNames'

export { ROUTE } from './routeNames'

declare module 'vue-router' {
  interface RouteMeta {
    /** The permission a Traceboard route needs; checked in its own beforeEnter. */
    tbPermission?: Permission
  }
}

/**
 * A per-route guard (never a global one: the host's navigation stays the host's). A denied
 * route goes to the "no permission" view instead of rendering blank.
 */
export function requirePermission(
  can: ResolvedOptions['can'],
  permission: Permission,
): NavigationGuardWithThis<undefined> {
  return async (to) => {
    let allowed = false
    try {
      allowed = await can(permission)
    } catch (e) {
      console.warn(`[traceboard] permission check for ${permission} failed`, e)
    }
    return allowed ? true : { name: ROUTE.denied, query: { need: permission, from: to.fullPath } }
  }
}

/** Adds each feature route's permission guard from its `meta.tbPermission`. */
function guarded(routes: RouteRecordRaw[], can: ResolvedOptions['can']): RouteRecordRaw[] {
  return routes.map((r) => {
    const permission = r.meta?.tbPermission
    return permission ? ({ ...r, beforeEnter: requirePermission(can, permission) } as RouteRecordRaw) : r
  })
}

export function buildRoutes(options: ResolvedOptions): RouteRecordRaw {
  const features = [...metricsRoutes(options), ...tracesRoutes(options), ...logsRoutes(options)]
  const hasOverview = features.some((r) => r.name === ROUTE.overview)
  return {
    path: options.basePath,
    name: ROUTE.root,
    component: () => import('@/views/TraceboardRoot.vue'),
    children: [
      ...(hasOverview ? [] : [{ path: '', name: ROUTE.overview, redirect: { name: ROUTE.connections } }]),
      ...guarded(features, options.can),
      {
        path: 'connections',
        name: ROUTE.connections,
        component: () => import('@/views/ConnectionsView.vue'),
      },
      {
        path: 'denied',
        name: ROUTE.denied,
        component: () => import('@/views/PermissionDeniedView.vue'),
      },
    ],
  }
}
