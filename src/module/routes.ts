import type { NavigationGuardWithThis, RouteRecordRaw } from 'vue-router'
import type { Permission, ResolvedOptions } from './options'
import { metricsRoutes } from './featureRoutes/metrics'
import { tracesRoutes } from './featureRoutes/traces'
import { logsRoutes } from './featureRoutes/logs'
import { ROUTE } from './routeNames'
import { loadRootView } from './lazyModules'

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

/** Adds each feature route's permission guard from its `meta.tbPermission`, before the route's own. */
function guarded(routes: RouteRecordRaw[], can: ResolvedOptions['can']): RouteRecordRaw[] {
  return routes.map((r) => {
    const permission = r.meta?.tbPermission
    const own = r.beforeEnter === undefined ? [] : Array.isArray(r.beforeEnter) ? r.beforeEnter : [r.beforeEnter]
    return permission ? ({ ...r, beforeEnter: [requirePermission(can, permission), ...own] } as RouteRecordRaw) : r
  })
}

/** What the module does as routes are entered, before their views load. */
export interface RouteHooks {
  /** A trace route was allowed: its trace may be requested now. */
  onTraceRoute?: (traceId: string) => void
}

type Lazy = () => Promise<unknown>

/** Each lazy view waits for the service layer too, so views can use backends synchronously. */
function withReady(routes: RouteRecordRaw[], ready: () => Promise<void>): RouteRecordRaw[] {
  return routes.map((r) => {
    const load = r.component
    if (typeof load !== 'function' || 'setup' in load || 'render' in load) return r
    const lazy = load as Lazy
    return { ...r, component: () => Promise.all([lazy(), ready()]).then(([m]) => m) } as RouteRecordRaw
  })
}

export function buildRoutes(options: ResolvedOptions, ready: () => Promise<void> = () => Promise.resolve(), hooks: RouteHooks = {}): RouteRecordRaw {
  const features = withReady([...metricsRoutes(options), ...tracesRoutes(options, hooks.onTraceRoute), ...logsRoutes(options)], ready)
  const hasOverview = features.some((r) => r.name === ROUTE.overview)
  return {
    path: options.basePath,
    name: ROUTE.root,
    component: () => Promise.all([loadRootView(), ready()]).then(([m]) => m),
    children: [
      ...(hasOverview ? [] : [{ path: '', name: ROUTE.overview, redirect: { name: ROUTE.connections } }]),
      ...guarded(features, options.can),
      {
        path: 'connections',
        name: ROUTE.connections,
        component: () => Promise.all([import('@/views/ConnectionsView.vue'), ready()]).then(([m]) => m),
      },
      {
        path: 'denied',
        name: ROUTE.denied,
        component: () => Promise.all([import('@/views/PermissionDeniedView.vue'), ready()]).then(([m]) => m),
      },
      // Everything under basePath is ours: an unknown path says so instead of leaving a blank page.
      {
        path: ':pathMatch(.*)*',
        name: ROUTE.notFound,
        component: () => Promise.all([import('@/views/NotFoundView.vue'), ready()]).then(([m]) => m),
      },
    ],
  }
}
