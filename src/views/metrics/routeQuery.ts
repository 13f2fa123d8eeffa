import { useRoute, useRouter, type LocationQueryRaw, type LocationQueryValue } from 'vue-router'

/** The first value of a route query parameter (`?a=1&a=2` → '1'); undefined when absent. */
export function firstQueryValue(v: LocationQueryValue | LocationQueryValue[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v
  return s ?? undefined
}

/**
 * Writes query parameters (undefined or '' removes one). Changes made before the previous
 * navigation has landed are merged into it, so typing a filter and clicking a status at once
 * does not lose either.
 */
export function useQueryUpdater(): (changes: Record<string, string | undefined>, push?: boolean) => Promise<void> {
  const route = useRoute()
  const router = useRouter()
  let pending: Record<string, string | undefined> = {}
  let latest = 0
  return async (changes, push = false) => {
    pending = { ...pending, ...changes }
    const query: LocationQueryRaw = { ...route.query }
    for (const [k, v] of Object.entries(pending)) {
      if (v === undefined || v === '') delete query[k]
      else query[k] = v
    }
    const mine = ++latest
    try {
      await (push ? router.push({ query }) : router.replace({ query }))
    } finally {
      if (mine === latest) pending = {}
    }
  }
}
