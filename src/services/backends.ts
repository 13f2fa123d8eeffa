import { createHttpClient, type HttpClient } from './http'
import type { BackendKey, ResolvedOptions } from '@/module/options'

/** The configured backends, each behind its own HttpClient so one failing never touches another. */
export interface BackendClients {
  metrics: HttpClient | undefined
  traces: HttpClient | undefined
  logs: HttpClient | undefined
}

const BACKEND_NAMES: Record<BackendKey, string> = { metrics: 'Prometheus', traces: 'traces', logs: 'logs' }

export function createBackendClients(options: ResolvedOptions): BackendClients {
  const make = (key: BackendKey, cfg: { url: string; timeoutMs?: number | undefined } | undefined, name: string) =>
    cfg
      ? createHttpClient({ backend: name, baseURL: cfg.url, instance: options.http?.(key), timeoutMs: cfg.timeoutMs })
      : undefined
  const { metrics, traces, logs } = options.backends
  return {
    metrics: make('metrics', metrics, BACKEND_NAMES.metrics),
    traces: make('traces', traces, traces ? traces.kind : BACKEND_NAMES.traces),
    logs: make('logs', logs, logs ? logs.flavour : BACKEND_NAMES.logs),
  }
}
