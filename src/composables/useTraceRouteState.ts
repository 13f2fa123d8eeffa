import { computed, shallowRef, type WritableComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQueryRaw, type LocationQueryValue } from 'vue-router'
import { formatZoom, parseZoom, type ZoomWindow } from '@/domain/waterfall'

type QueryValue = LocationQueryValue | LocationQueryValue[] | undefined

export type TraceTab = 'waterfall' | 'stats'

export interface TraceRouteState {
  /** `span`: the selected span's key (deep link: scrolls to it and opens it). */
  selected: WritableComputedRef<string | undefined>
  /** `find`: search within the trace. */
  find: WritableComputedRef<string>
  /** `svc` (repeated): services shown; absent = all. */
  services: WritableComputedRef<string[] | undefined>
  /** `zoom`: `from-to` fractions of the trace. */
  zoom: WritableComputedRef<ZoomWindow>
  tab: WritableComputedRef<TraceTab>
  /** `logs=trace`: the log panel shows the whole trace even with a span selected. */
  wholeTraceLogs: WritableComputedRef<boolean>
}

function first(v: QueryValue): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s ?? undefined
}

/**
 * The trace page's view state in its URL, so a pasted link opens the same span, search, filter
 * and zoom. These are replacements, not history entries (selecting spans must not fill the back
 * button). Changes made in one tick are merged into one navigation; until it lands, the pending
 * values are what the getters return.
 */
export function useTraceRouteState(): TraceRouteState {
  const route = useRoute()
  const router = useRouter()
  const pending = shallowRef<Record<string, QueryValue>>({})
  let scheduled = false

  const query = computed<Record<string, QueryValue>>(() => ({ ...route.query, ...pending.value }))

  function patch(p: Record<string, QueryValue>): void {
    pending.value = { ...pending.value, ...p }
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => {
      scheduled = false
      const sent = pending.value
      const next: LocationQueryRaw = {}
      for (const [k, v] of Object.entries({ ...route.query, ...sent })) if (v !== undefined && v !== null && v !== '') next[k] = v
      void router.replace({ query: next }).finally(() => {
        // Keep whatever was patched again meanwhile.
        const left: Record<string, QueryValue> = {}
        for (const [k, v] of Object.entries(pending.value)) if (sent[k] !== v) left[k] = v
        pending.value = left
      })
    })
  }

  return {
    selected: computed({
      get: () => first(query.value.span) || undefined,
      set: (v) => patch({ span: v }),
    }),
    find: computed({
      get: () => first(query.value.find) ?? '',
      set: (v) => patch({ find: v || undefined }),
    }),
    services: computed({
      get: () => {
        const v = query.value.svc
        if (v === undefined || v === null) return undefined
        return (Array.isArray(v) ? v : [v]).filter((s): s is string => typeof s === 'string')
      },
      set: (v) => patch({ svc: v }),
    }),
    zoom: computed({
      get: () => parseZoom(first(query.value.zoom)),
      set: (v) => patch({ zoom: formatZoom(v) }),
    }),
    tab: computed({
      get: () => (first(query.value.tab) === 'stats' ? 'stats' : 'waterfall'),
      set: (v) => patch({ tab: v === 'stats' ? 'stats' : undefined }),
    }),
    wholeTraceLogs: computed({
      get: () => first(query.value.logs) === 'trace',
      set: (v) => patch({ logs: v ? 'trace' : undefined }),
    }),
  }
}
