import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue'

export type CopyState = 'idle' | 'copied' | 'failed'

/**
 * Copies text to the clipboard and says how it went for two seconds. Falls back to a hidden
 * textarea where the async Clipboard API is missing (plain-http back-offices are common).
 */
export function useLogCopy(): { state: Ref<CopyState>; copy(text: string): Promise<void> } {
  const state = ref<CopyState>('idle')
  let timer: ReturnType<typeof setTimeout> | undefined

  function settle(result: CopyState): void {
    state.value = result
    clearTimeout(timer)
    timer = setTimeout(() => (state.value = 'idle'), 2000)
  }

  function legacyCopy(text: string): boolean {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.appendChild(area)
    area.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    } finally {
      area.remove()
    }
  }

  async function copy(text: string): Promise<void> {
    try {
      if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(text)
        settle('copied')
        return
      }
    } catch {
      // fall through to the legacy way (denied permission, insecure context)
    }
    settle(legacyCopy(text) ? 'copied' : 'failed')
  }

  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))
  return { state, copy }
}
