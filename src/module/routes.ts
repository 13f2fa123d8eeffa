import type { NavigationGuardWithThis, RouteRecordRaw } from 'vue-router'
import type { Permission, ResolvedOptions } from './options'

declare module 'vue-router' {
  interface RouteMeta {
    /** The permission a Traceboard route needs; checked in its own beforeEnter. */
    tbPermission?: Permission
  }
}

/** Route names are prefixed so they never collide with the host's. */
export const ROUTE = {
  root: 'tb.root',
  overview: 'tb.overview',
  connections: 'tb.connections',
  denied: 'tb.denied',
} as const

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

export function buildRoutes(options: ResolvedOptions): RouteRecordRaw {
  return {
    path: options.basePath,
    name: ROUTE.root,
    component: () => import('@/views/TraceboardRoot.vue'),
    children: [
      // The status cards (overview) arrive with the metrics views; until then the overview
      // shows which backends answer.
      { path: '', name: ROUTE.overview, redirect: { name: ROUTE.connections } },
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
