import { getActivePinia } from 'pinia'
import { getCurrentScope, onScopeDispose } from 'vue'
import { useTraceboardContext } from '@/module/context'
import { hasSloOptions } from '@/stores/sloFiguresLoader'
import { useSloFiguresStore } from '@/stores/sloFigures'

export type SloFiguresStore = ReturnType<typeof useSloFiguresStore>

export interface SloFigures {
  /** Undefined without a metrics backend or without pinia (a card rendered outside an install). */
  store: SloFiguresStore | undefined
  /** The options define at least one SLO. */
  hasSlos: boolean
  /** A metrics backend is configured. */
  hasBackend: boolean
}

/**
 * Joins the shared SLO figures for as long as the calling component lives: the first reader
 * starts the polling, the last one to leave stops it.
 */
export function useSloFigures(): SloFigures {
  const { options, backends } = useTraceboardContext()
  const hasSlos = hasSloOptions(options.slos)
  const backend = options.backends.metrics ? backends.metrics : undefined
  // The public status card may be mounted by a host without pinia; it then has no badge.
  if (!backend || !getActivePinia()) return { store: undefined, hasSlos, hasBackend: backend !== undefined }
  const store = useSloFiguresStore()
  if (hasSlos) {
    const release = store.subscribe({ backend, options: options.slos, intervalMs: options.refreshIntervalMs })
    if (getCurrentScope()) onScopeDispose(release)
  }
  return { store, hasSlos, hasBackend: true }
}
