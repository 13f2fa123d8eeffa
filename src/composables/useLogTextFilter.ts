import { computed, getCurrentScope, onScopeDispose, shallowRef, watch, type ComputedRef, type Ref } from 'vue'
import type { LogRecord } from '@/domain/logs/logRecord'
import { createLogTextIndex, type LogTextIndex } from '@/domain/logs/logTextIndex'

/** Text building a keystroke may do before answering with what is built so far. */
const KEYSTROKE_BUDGET_MS = 10

type IdleHandle = { cancel(): void }
/** Runs `work` in idle slices until it returns false; `timeout` caps how long a slice may wait for idleness. */
function whenIdle(work: (hasTime: () => boolean) => boolean, timeout?: number): IdleHandle {
  let cancelled = false
  let id: ReturnType<typeof setTimeout> | number | undefined
  const step = (deadline?: IdleDeadline): void => {
    if (cancelled) return
    const start = performance.now()
    const more = work(() => (deadline && !deadline.didTimeout ? deadline.timeRemaining() > 1 : performance.now() - start < 8))
    if (more) schedule()
  }
  const schedule = (): void => {
    id = typeof requestIdleCallback === 'function' ? requestIdleCallback(step, timeout === undefined ? undefined : { timeout }) : setTimeout(step, 16)
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
 * `toLowerCase` (nor for masking 100,000 messages); when the query only grows, the previous
 * matches are narrowed instead of scanning everything, and going back (backspace) reuses what
 * was found for that shorter query. A keystroke that comes before the texts are all built
 * builds for a few milliseconds, answers with the matches among what is built, and the rest is
 * built in the next idle slices (at most 50 ms apart), after which the answer is completed: the
 * input never waits for 100,000 records.
 */
export function useLogTextFilter(records: Ref<readonly LogRecord[]>, query: Ref<string>): ComputedRef<readonly LogRecord[]> {
  let index: LogTextIndex | undefined
  // Matches per query typed against the current records: typing narrows the longest known
  // prefix's matches, and backspace finds its answer already there. Only complete answers.
  let memo: { source: readonly LogRecord[]; byNeedle: Map<string, number[]> } | undefined
  let idle: IdleHandle | undefined
  /** Bumped when the index under a partial answer is complete: the answer is then redone. */
  const completed = shallowRef(0)
  let hurried = false

  function indexFor(source: readonly LogRecord[]): LogTextIndex {
    if (index?.source !== source) index = createLogTextIndex(source, index)
    return index
  }

  function buildInIdle(idx: LogTextIndex, timeout?: number): void {
    idle?.cancel()
    idle = whenIdle((hasTime) => {
      if (index !== idx) return false
      const more = idx.build(hasTime)
      if (!more && hurried) {
        hurried = false
        completed.value++
      }
      return more
    }, timeout)
  }

  watch(
    records,
    (source) => {
      hurried = false
      buildInIdle(indexFor(source))
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(() => idle?.cancel())

  return computed(() => {
    void completed.value
    const source = records.value
    const needle = query.value.trim().toLowerCase()
    if (needle === '') return source
    if (memo?.source !== source) memo = { source, byNeedle: new Map() }
    const known = memo.byNeedle
    let matches = known.get(needle)
    if (!matches) {
      const idx = indexFor(source)
      if (!idx.complete) {
        const until = performance.now() + KEYSTROKE_BUDGET_MS
        idx.build(() => performance.now() < until)
      }
      if (idx.complete) {
        let base: number[] | undefined
        for (let n = needle.length - 1; n > 0 && !base; n--) base = known.get(needle.slice(0, n))
        matches = idx.search(needle, base)
        if (known.size >= 32) known.clear()
        known.set(needle, matches)
      } else {
        matches = idx.search(needle, undefined, true)
        if (!hurried) {
          hurried = true
          buildInIdle(idx, 50)
        }
      }
    }
    return matches.map((i) => source[i]!)
  })
}
