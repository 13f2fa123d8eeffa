/**
 * The lazy parts every Traceboard page needs, named once: the routes, the context and the
 * install load them, and the standalone app warms them on a cold trace link (shell/warmTraceRoute.ts;
 * the trace view's own loader is `loadTraceView` beside its route).
 */
export const loadRootView = () => import('@/views/TraceboardRoot.vue')
/** The service layer: backend clients and wire schemas. */
export const loadServiceLayer = () => import('@/services/backends')
/** vue-i18n and Traceboard's strings. */
export const loadStrings = () => Promise.all([import('@/i18n/composer'), import('@/i18n/messages')])
