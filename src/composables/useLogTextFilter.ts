import { computed, getCurrentScope, onScopeDispose, watch, type ComputedRef, type Ref } from 'vue'
import type { LogRecord } from '@/domain/logs/logRecord'

/** Beyond this a message is not searched further (a 1 MB message would be copied whole). */
const MAX_SEARCHED_MESSAGE = 20_000
const IDLE_SLICE = 2000

/** Lower-cased text a record is searched in: message, service, logger, level, ids. */
export function logSearchText(r: LogRecord): string {
  const message = r.message.length > MAX_SEARCHED_MESSAGE ? r.message.slice(0, MAX_SEARCHED_MESSAGE) : r.message
  return `${message}\n${r.service}\n${r.logger ?? ''}\n${r.levelRaw ?? r.level}\n${r.traceId ?? ''}\n${r.spanId ?? ''}`.toLowerCase()
}

interface SearchIndex {
  source: readonly LogRecord[]
  /** `logSearchText` of `source[i]`, built up to its length as needed. */
  texts: string[]
}

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
 * service, logger, level or ids). The lower-cased texts are built while the browser is idle
 * after each page arrives, so the first keystroke does not pay for 100,000 `toLowerCase`; when
 * the query only grows, the previous matches are narrowed instead of scanning everything,
 * and going back (backspace) reuses what was found for that shorter query.
 */
export function useLogTextFilter(records: Ref<readonly LogRecord[]>, query: Ref<string>): ComputedRef<readonly LogRecord[]> {
  let index: SearchIndex | undefined
  // Matches per query typed against the current records: typing narrows the longest known
  // prefix's matches, and backspace finds its answer already there.
  let memo: { source: readonly LogRecord[]; byNeedle: Map<string, number[]> } | undefined
  let idle: IdleHandle | undefined

  function indexFor(source: readonly LogRecord[]): SearchIndex {
    if (index?.source === source) return index
    const prev = index
    // A further page is appended with concat: the texts of the records before it still hold.
    const extends_ = prev !== undefined && prev.source.length > 0 && source.length >= prev.source.length &&
      source[0] === prev.source[0] && source[prev.source.length - 1] === prev.source[prev.source.length - 1]
    index = { source, texts: extends_ ? prev.texts : [] }
    return index
  }

  function fill(idx: SearchIndex, hasTime: () => boolean = () => true): boolean {
    const { source, texts } = idx
    while (texts.length < source.length) {
      const end = Math.min(source.length, texts.length + IDLE_SLICE)
      for (let i = texts.length; i < end; i++) texts.push(logSearchText(source[i]!))
      if (!hasTime()) break
    }
    return texts.length < source.length
  }

  watch(
    records,
    (source) => {
      idle?.cancel()
      const idx = indexFor(source)
      if (idx.texts.length < source.length) idle = whenIdle((hasTime) => index === idx && fill(idx, hasTime))
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
      const idx = indexFor(source)
      fill(idx)
      const texts = idx.texts
      let base: number[] | undefined
      for (let n = needle.length - 1; n > 0 && !base; n--) base = known.get(needle.slice(0, n))
      matches = []
      if (base) {
        for (const i of base) if (texts[i]!.includes(needle)) matches.push(i)
      } else {
        for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(needle)) matches.push(i)
      }
      if (known.size >= 32) known.clear()
      known.set(needle, matches)
    }
    return matches.map((i) => source[i]!)
  })
}
