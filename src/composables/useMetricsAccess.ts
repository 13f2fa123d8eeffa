import { ref, type Ref } from 'vue'
import { useTraceboardContext } from '@/module/context'
import type { Permission } from '@/module/options'

export type AccessState = 'checking' | 'allowed' | 'denied'

export interface MetricsAccess {
  state: Ref<AccessState>
  /** Settles once the host's `can()` has answered. */
  ready: Promise<void>
}

/**
 * The host's permission check for a panel placed outside Traceboard's routes (the public
 * `ServiceStatusGrid` on a host page has no route guard). A sync answer applies at once, so
 * an allowed panel never flashes a "checking" state; a throwing check counts as denied.
 */
export function useMetricsAccess(permission: Permission = 'metrics:read'): MetricsAccess {
  const { options } = useTraceboardContext()
  const state = ref<AccessState>('checking')
  let answer: boolean | Promise<boolean>
  try {
    answer = options.can(permission)
  } catch {
    answer = false
  }
  if (typeof answer === 'boolean') {
    state.value = answer ? 'allowed' : 'denied'
    return { state, ready: Promise.resolve() }
  }
  const ready = answer.then(
    (ok) => void (state.value = ok ? 'allowed' : 'denied'),
    (e: unknown) => {
      console.warn(`[traceboard] permission check for ${permission} failed`, e)
      state.value = 'denied'
    },
  )
  return { state, ready }
}
