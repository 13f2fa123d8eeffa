import { ref, type Ref } from 'vue'
import type { ResolvedOptions } from '@/module/options'

export type PermissionState = 'checking' | 'allowed' | 'denied'

/**
 * The host's answer to `can('logs:read')`, sync or async. The log panel sits on the trace page,
 * whose route only checks `traces:read`, so the panel asks for itself. A check that throws
 * counts as denied.
 */
export function useLogPermission(can: ResolvedOptions['can']): Ref<PermissionState> {
  const state = ref<PermissionState>('checking')
  let answer: boolean | Promise<boolean>
  try {
    answer = can('logs:read')
  } catch {
    state.value = 'denied'
    return state
  }
  if (typeof answer === 'boolean') {
    state.value = answer ? 'allowed' : 'denied'
  } else {
    answer.then(
      (ok) => (state.value = ok ? 'allowed' : 'denied'),
      () => (state.value = 'denied'),
    )
  }
  return state
}
