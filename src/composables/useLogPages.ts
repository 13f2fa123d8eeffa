import { computed, getCurrentScope, onScopeDispose, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { LogLevel } from '@/domain/logs/logLevel'
import type { LogCursor, LogPage, LogPartial, LogTotal } from '@/domain/logs/logPage'
import { isLogQueryError, type LogQueryProblem } from '@/domain/logs/logQueryError'
import type { LogRecord } from '@/domain/logs/logRecord'
import { toBackendFailure, type BackendFailure } from '@/services/errors'

/** Fetches one page: the first when `after` is undefined, else the one after that cursor. */
export type LogPageFetcher = (after: LogCursor | undefined, signal: AbortSignal) => Promise<LogPage>

export interface LogPagesOptions {
  /** Backend name for failures that do not come from the service layer. */
  backendName: () => string
  /** Applied to every record of every page (display masking). */
  transform?: () => ((record: LogRecord) => LogRecord) | undefined
}

export interface LogPages {
  /** Every record loaded so far, in backend order, each once. */
  records: ShallowRef<readonly LogRecord[]>
  total: Ref<LogTotal | undefined>
  /** Per level over the whole query (terms aggregation of the first page). */
  levelCounts: ShallowRef<Record<LogLevel, number> | undefined>
  /** Set when any loaded page was partial (timed out, shards failed). */
  partial: ShallowRef<LogPartial | undefined>
  queriedField: Ref<string | undefined>
  hasMore: Ref<boolean>
  /** The first page of a query is on its way. */
  loading: Ref<boolean>
  loadingMore: Ref<boolean>
  failure: Ref<BackendFailure | undefined>
  /** Which request failed: the first page (data on screen is stale) or a further one. */
  failedPhase: Ref<'first' | 'more' | undefined>
  /** Input refused before any request (malformed trace id, field not allowed…). */
  problem: Ref<LogQueryProblem | undefined>
  updatedAt: Ref<number | undefined>
  /** Records on screen are not the answer to the latest run of this query: it failed. */
  stale: ComputedRef<boolean>
  /**
   * Starts `key`'s query from its first page, aborting whatever runs. Records of the same key
   * stay on screen until the answer comes (kept, marked stale, if it fails); another key's
   * records are cleared at once, as they would answer a different question.
   */
  load(key: string, fetcher: LogPageFetcher): Promise<void>
  /** Appends the next page (`search_after`), unless one is loading or there is none. */
  loadMore(): Promise<void>
  /** Repeats what failed: the further page, or the query. */
  retry(): Promise<void>
  cancel(): void
  /** Cancels and forgets everything: nothing is shown until the next `load`. */
  reset(): void
}

/**
 * Paged log records for one query at a time: one request in flight, cancelled on a new
 * query and when the owner goes away; pages appended by cursor, a record repeated at a page
 * boundary (`_doc` tiebreakers, see mappingPresets.ts) shown once.
 */
export function useLogPages(options: LogPagesOptions): LogPages {
  const records = shallowRef<readonly LogRecord[]>([])
  const total = ref<LogTotal>()
  const levelCounts = shallowRef<Record<LogLevel, number>>()
  const partial = shallowRef<LogPartial>()
  const queriedField = ref<string>()
  const hasMore = ref(false)
  const loading = ref(false)
  const loadingMore = ref(false)
  const failure = ref<BackendFailure>()
  const failedPhase = ref<'first' | 'more'>()
  const problem = ref<LogQueryProblem>()
  const updatedAt = ref<number>()

  let controller: AbortController | undefined
  let cursor: LogCursor | undefined
  let fetcher: LogPageFetcher | undefined
  let currentKey: string | undefined
  let dataKey: string | undefined
  /** Ids of the last page: a repeat can only come from just before the cursor. */
  let previousIds = new Set<string>()

  function clear(): void {
    records.value = []
    total.value = undefined
    levelCounts.value = undefined
    partial.value = undefined
    queriedField.value = undefined
    hasMore.value = false
    cursor = undefined
    previousIds = new Set()
    dataKey = undefined
  }

  function cancel(): void {
    controller?.abort()
    controller = undefined
    loading.value = false
    loadingMore.value = false
  }

  /**
   * The page's records not already shown, transformed. Records of one page are distinct hits;
   * with a `_doc` tiebreaker a record may come again just after the cursor, so each page is
   * checked against the one before it only (a set of 100,000 ids costs a first paint dearly).
   */
  function fresh(page: LogPage, first: boolean): LogRecord[] {
    const transform = options.transform?.()
    const before = first ? undefined : previousIds
    const kept = before ? page.records.filter((r) => !before.has(r.id)) : page.records
    previousIds = new Set(page.records.length <= 10_000 ? page.records.map((r) => r.id) : [])
    return transform ? kept.map(transform) : kept
  }

  function fail(e: unknown, phase: 'first' | 'more'): void {
    if (isLogQueryError(e)) {
      clear()
      failure.value = undefined
      failedPhase.value = undefined
      problem.value = e.problem
      return
    }
    const f = toBackendFailure(e, options.backendName())
    if (f.kind === 'cancelled') return
    failure.value = f
    failedPhase.value = phase
  }

  async function load(key: string, f: LogPageFetcher): Promise<void> {
    cancel()
    const c = new AbortController()
    controller = c
    fetcher = f
    currentKey = key
    if (dataKey !== key) clear()
    problem.value = undefined
    loading.value = true
    try {
      const page = await f(undefined, c.signal)
      if (c.signal.aborted) return
      records.value = fresh(page, true)
      total.value = page.total
      levelCounts.value = page.levelCounts
      partial.value = page.partial
      queriedField.value = page.queriedField
      cursor = page.cursor
      hasMore.value = page.cursor !== undefined
      failure.value = undefined
      failedPhase.value = undefined
      dataKey = key
      updatedAt.value = Date.now()
    } catch (e) {
      if (!c.signal.aborted) fail(e, 'first')
    } finally {
      if (controller === c) {
        controller = undefined
        loading.value = false
      }
    }
  }

  async function loadMore(): Promise<void> {
    const f = fetcher
    const after = cursor
    if (!f || !after || controller) return
    const c = new AbortController()
    controller = c
    loadingMore.value = true
    try {
      const page = await f(after, c.signal)
      if (c.signal.aborted) return
      const added = fresh(page, false)
      if (added.length > 0) records.value = records.value.concat(added)
      if (page.partial) partial.value = page.partial
      cursor = page.cursor
      // A page of nothing but repeats would loop forever on the same cursor.
      hasMore.value = page.cursor !== undefined && added.length > 0
      if (failedPhase.value === 'more') {
        failure.value = undefined
        failedPhase.value = undefined
      }
    } catch (e) {
      if (!c.signal.aborted) fail(e, 'more')
    } finally {
      if (controller === c) {
        controller = undefined
        loadingMore.value = false
      }
    }
  }

  function retry(): Promise<void> {
    if (failedPhase.value === 'more') return loadMore()
    return fetcher && currentKey !== undefined ? load(currentKey, fetcher) : Promise.resolve()
  }

  function reset(): void {
    cancel()
    clear()
    fetcher = undefined
    currentKey = undefined
    failure.value = undefined
    failedPhase.value = undefined
    problem.value = undefined
    updatedAt.value = undefined
  }

  if (getCurrentScope()) onScopeDispose(cancel)

  return {
    records,
    total,
    levelCounts,
    partial,
    queriedField,
    hasMore,
    loading,
    loadingMore,
    failure,
    failedPhase,
    problem,
    updatedAt,
    stale: computed(() => failedPhase.value === 'first' && records.value.length > 0),
    load,
    loadMore,
    retry,
    cancel,
    reset,
  }
}
