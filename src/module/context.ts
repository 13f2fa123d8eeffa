import { inject, type InjectionKey } from 'vue'
import type { ResolvedOptions } from './options'
import type { BackendClients } from '@/services/backends'
import { loadServiceLayer } from './lazyModules'

/** What every Traceboard view and store reads: validated options and the backend clients. */
export interface TraceboardContext {
  options: ResolvedOptions
  /** Available once `ready()` has resolved: every view and public component waits for it. */
  readonly backends: BackendClients
  /**
   * Loads the service layer (clients, wire schemas) on first use. It is not in the host's
   * entry chunk: a host pays for it only when a Traceboard view or component is shown.
   */
  ready(): Promise<void>
}

export const CONTEXT_KEY: InjectionKey<TraceboardContext> = Symbol('traceboard.context')

/** `loadAlso` runs once with the service layer (the strings, when installed lazily). */
export function createContext(options: ResolvedOptions, loadAlso: () => Promise<void> = () => Promise.resolve()): TraceboardContext {
  let backends: BackendClients | undefined
  let loading: Promise<void> | undefined
  return {
    options,
    get backends(): BackendClients {
      if (!backends) throw new Error('Traceboard: backends used before ready() resolved (a view rendered outside its lazy loader?)')
      return backends
    },
    ready() {
      loading ??= Promise.all([loadServiceLayer(), loadAlso()]).then(([m]) => {
        backends = m.createBackendClients(options)
      })
      return loading
    },
  }
}

export function useTraceboardContext(): TraceboardContext {
  const ctx = inject(CONTEXT_KEY, undefined)
  if (!ctx) throw new Error('Traceboard views must be used inside an app that installed createTraceboard()')
  return ctx
}
