import type { TraceboardDataOptions } from '@/module/options'

/**
 * The standalone app reads its backends from `traceboard.config.json` next to index.html at
 * run time, so one build serves every deployment. Without that file it uses the same-origin
 * paths that the Vite dev proxy and the gateway both serve.
 */
export const DEFAULT_STANDALONE_CONFIG: TraceboardDataOptions = {
  basePath: '/monitoring',
  backends: {
    metrics: { url: '/api/metrics', preset: 'auto' },
    traces: { kind: 'zipkin', url: '/api/traces' },
    logs: { url: '/api/logs', indexPattern: 'logs-*', mapping: 'ecs' },
  },
}

export async function loadRuntimeConfig(fetchImpl: typeof fetch = fetch): Promise<TraceboardDataOptions> {
  try {
    const res = await fetchImpl(`${import.meta.env.BASE_URL}traceboard.config.json`, { headers: { Accept: 'application/json' } })
    if (!res.ok) return DEFAULT_STANDALONE_CONFIG
    const body: unknown = await res.json()
    if (typeof body !== 'object' || body === null) return DEFAULT_STANDALONE_CONFIG
    // Validation happens in createTraceboard, which names any bad field.
    return { ...DEFAULT_STANDALONE_CONFIG, ...(body as TraceboardDataOptions) }
  } catch {
    return DEFAULT_STANDALONE_CONFIG
  }
}
