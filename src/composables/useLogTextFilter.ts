import { computed, getCurrentScope, onScopeDispose, watch, type ComputedRef, type Ref } from 'vue'
import type { LogRecord } from '@/domain/logs/logRecord'
import { createLogTextIndex, type LogTextIndex } from '@/domain/logs/logTextIndex'

type IdleHandle = { cancel(): void }
function whenIdle(work: (hasTime: () => boolean) => boolean): IdleHandle {
  let cancelled = false
  let id: ReturnType<typeof setTimeout> | number | undefined
  const step = (deadline?: IdleDeadline): void => {
    if (cancelled) return
    const start = performance.now()
    const more = work(() => (deadline ? deadline.timeRemaining() > 1 : performance.now() - start < 8))
    if (more) schedule()
  }
  const schedule = (): void => {
    id = typeof requestIdleCallback === 'function' ? requestIdleCallback(step) : setTimeout(step, 16)
  }
  schedule()
  return {
    cancel() {
      cancelled = true
      if (typeof id === 'number' && typeof cancelIdleCallback === 'function') cancelIdleCallback(id)
      else clearTimeout(id)
    },
  }
}

/**
 * Filters the loaded records by text as the user types (case-insensitive substring of message,
 * service, logger, level or ids; see `LogTextIndex`). The lower-cased texts are built while
 * the browser is idle after each page arrives, so the first keystroke does not pay for 100,000
 * `toLowerCase`; when the query only grows, the previous matches are narrowed instead of
 * scanning everything, and going back (backspace) reuses what was found for that shorter query.
 */
export function useLogTextFilter(records: Ref<readonly LogRecord[]>, query: Ref<string>): ComputedRef<readonly LogRecord[]> {
  let index: LogTextIndex | undefined
  // Matches per query typed against the current records: typing narrows the longest known
  // prefix's matches, and backspace finds its answer already there.
  let memo: { source: readonly LogRecord[]; byNeedle: Map<string, number[]> } | undefined
  let idle: IdleHandle | undefined

  function indexFor(source: readonly LogRecord[]): LogTextIndex {
    if (index?.source !== source) index = createLogTextIndex(source, index)
    return index
  }

  watch(
    records,
    (source) => {
      idle?.cancel()
      const idx = indexFor(source)
      idle = whenIdle((hasTime) => index === idx && idx.build(hasTime))
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(() => idle?.cancel())

  return computed(() => {
    const source = records.value
    const needle = query.value.trim().toLowerCase()
    if (needle === '') return source
    if (memo?.source !== source) memo = { source, byNeedle: new Map() }
    const known = memo.byNeedle
    let matches = known.get(needle)
    if (!matches) {
      let base: number[] | undefined
      for (let n = needle.length - 1; n > 0 && !base; n--) base = known.get(needle.slice(0, n))
      matches = indexFor(source).search(needle, base)
      if (known.size >= 32) known.clear()
      known.set(needle, matches)
    }
    return matches.map((i) => source[i]!)
  })
}
