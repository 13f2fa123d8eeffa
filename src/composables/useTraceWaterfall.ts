import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import type { MaskingRules } from '@/domain/masking'
import {
  collapseAll,
  collapseToDepth,
  expandAll,
  filterByService,
  indexOfSpan,
  navigate,
  revealRow,
  setCollapsed,
  spanKeyAt,
  stepMatch,
  visibleRows,
  type CriticalPathMarks,
  type NavigationKey,
  type ServiceFilterResult,
  type WaterfallData,
  type ZoomWindow,
} from '@/domain/waterfall'
import type { LoadedTrace } from '@/workers/loadedTrace'

export interface WaterfallModels {
  selected: Ref<string | undefined>
  find: Ref<string>
  services: Ref<string[] | undefined>
  zoom: Ref<ZoomWindow>
}

/** A request to bring a row into view; `nonce` makes a repeated request for the same row count. */
export interface ScrollRequest {
  row: number
  nonce: number
}

export interface WaterfallController {
  data: ComputedRef<WaterfallData>
  collapsed: ShallowRef<Uint8Array>
  filter: ComputedRef<ServiceFilterResult>
  rows: ComputedRef<Int32Array>
  selectedIndex: ComputedRef<number>
  focused: Ref<number>
  matches: ShallowRef<Int32Array>
  /** 1 for rows that match the search, for O(1) lookups while rendering. */
  matchMask: ComputedRef<Uint8Array | undefined>
  currentMatch: Ref<number>
  searching: Ref<boolean>
  showCritical: Ref<boolean>
  critical: ShallowRef<CriticalPathMarks | undefined>
  /** Visible window in µs from the trace start. */
  viewFromUs: ComputedRef<number>
  viewToUs: ComputedRef<number>
  scrollRequest: ShallowRef<ScrollRequest | undefined>
  toggle(row: number): void
  expandAll(): void
  collapseAll(): void
  collapseToDepth(levels: number): void
  select(row: number): void
  stepMatch(direction: 1 | -1): void
  key(key: NavigationKey, pageSize: number): void
  reveal(row: number): void
}

const SEARCH_DEBOUNCE_MS = 150

/**
 * The waterfall's interaction state over one loaded trace: collapse, service filter, search
 * (run by the engine, off the main thread for big traces), critical path, focus and selection.
 * Everything per span is a typed array swapped whole (shallowRef), never a reactive object.
 */
export function useTraceWaterfall(
  loaded: () => LoadedTrace,
  models: WaterfallModels,
  masking: () => MaskingRules | undefined,
): WaterfallController {
  const data = computed(() => loaded().data)
  const collapsed = shallowRef<Uint8Array>(expandAll(data.value))
  const filter = computed(() => filterByService(data.value, models.services.value))
  const rows = computed(() => visibleRows(data.value, collapsed.value, filter.value.hidden))
  const selectedIndex = computed(() => (models.selected.value ? indexOfSpan(data.value, models.selected.value) : -1))
  const focused = ref(-1)
  const matches = shallowRef<Int32Array>(new Int32Array(0))
  const currentMatch = ref(-1)
  const searching = ref(false)
  const showCritical = ref(false)
  const critical = shallowRef<CriticalPathMarks | undefined>()
  const scrollRequest = shallowRef<ScrollRequest | undefined>()
  let nonce = 0

  const matchMask = computed(() => {
    if (matches.value.length === 0) return undefined
    const mask = new Uint8Array(data.value.count)
    for (const m of matches.value) mask[m] = 1
    return mask
  })
  const viewFromUs = computed(() => models.zoom.value.from * data.value.traceDurationUs)
  const viewToUs = computed(() => models.zoom.value.to * data.value.traceDurationUs)

  function reveal(row: number): void {
    if (row < 0 || row >= data.value.count) return
    collapsed.value = revealRow(data.value, collapsed.value, row)
    scrollRequest.value = { row, nonce: ++nonce }
  }

  // A new trace starts fully expanded, with the deep-linked span (if any) in view.
  watch(
    data,
    () => {
      collapsed.value = expandAll(data.value)
      critical.value = undefined
      showCritical.value = false
      focused.value = selectedIndex.value
      if (selectedIndex.value >= 0) reveal(selectedIndex.value)
    },
    { flush: 'sync' },
  )
  if (selectedIndex.value >= 0) {
    focused.value = selectedIndex.value
    reveal(selectedIndex.value)
  }
  // A span chosen from outside (a link in the span detail, the URL): open its way and show it.
  watch(selectedIndex, (i) => {
    if (i >= 0 && i !== focused.value) {
      focused.value = i
      reveal(i)
    }
  })

  let searchSeq = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    [() => models.find.value, loaded, masking],
    ([text]) => {
      clearTimeout(timer)
      const seq = ++searchSeq
      if (text.trim() === '') {
        matches.value = new Int32Array(0)
        currentMatch.value = -1
        searching.value = false
        return
      }
      searching.value = true
      timer = setTimeout(() => {
        loaded()
          .search(text, masking())
          .then((found) => {
            if (seq !== searchSeq) return
            matches.value = found
            searching.value = false
            const first = found.length > 0 ? stepMatch(found, Math.max(-1, focused.value - 1), 1) : -1
            currentMatch.value = first
            if (first >= 0) {
              focused.value = first
              reveal(first)
            }
          })
          .catch(() => {
            if (seq === searchSeq) searching.value = false
          })
      }, SEARCH_DEBOUNCE_MS)
    },
    { immediate: true },
  )

  let criticalSeq = 0
  watch([showCritical, loaded], ([on]) => {
    const seq = ++criticalSeq
    if (!on) {
      critical.value = undefined
      return
    }
    void loaded()
      .criticalPath()
      .then((marks) => {
        if (seq === criticalSeq) critical.value = marks
      })
  })

  return {
    data,
    collapsed,
    filter,
    rows,
    selectedIndex,
    focused,
    matches,
    matchMask,
    currentMatch,
    searching,
    showCritical,
    critical,
    viewFromUs,
    viewToUs,
    scrollRequest,
    toggle(row) {
      collapsed.value = setCollapsed(data.value, collapsed.value, row, !collapsed.value[row])
      focused.value = row
    },
    expandAll() {
      collapsed.value = expandAll(data.value)
    },
    collapseAll() {
      collapsed.value = collapseAll(data.value)
      if (focused.value >= 0 && data.value.parent[focused.value] !== -1) focused.value = -1
    },
    collapseToDepth(levels) {
      collapsed.value = collapseToDepth(data.value, levels)
      if (focused.value >= 0 && (data.value.depth[focused.value] as number) >= levels) focused.value = -1
    },
    select(row) {
      focused.value = row
      models.selected.value = row >= 0 ? spanKeyAt(data.value, row) : undefined
    },
    stepMatch(direction) {
      const from = currentMatch.value >= 0 ? currentMatch.value : focused.value
      const next = stepMatch(matches.value, from, direction)
      if (next < 0) return
      currentMatch.value = next
      focused.value = next
      reveal(next)
    },
    key(key, pageSize) {
      const r = navigate(data.value, rows.value, collapsed.value, focused.value, key, pageSize)
      if (r.kind === 'focus') {
        focused.value = r.row
        scrollRequest.value = { row: r.row, nonce: ++nonce }
      } else if (r.kind === 'collapse' || r.kind === 'expand') {
        collapsed.value = setCollapsed(data.value, collapsed.value, r.row, r.kind === 'collapse')
      }
    },
    reveal,
  }
}
