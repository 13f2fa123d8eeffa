import { inject, type InjectionKey } from 'vue'
import type { ResolvedOptions } from './options'
import type { BackendClients } from '@/services/backends'

/** What every Traceboard view and store reads: validated options and the backend clients. */
export interface TraceboardContext {
  options: ResolvedOptions
  backends: BackendClients
}

export const CONTEXT_KEY: InjectionKey<TraceboardContext> = Symbol('traceboard.context')

export function useTraceboardContext(): TraceboardContext {
  const ctx = inject(CONTEXT_KEY, undefined)
  if (!ctx) throw new Error('Traceboard views must be used inside an app that installed createTraceboard()')
  return ctx
}
