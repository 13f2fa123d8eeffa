import { computed, onBeforeUnmount, onMounted, ref, type ComputedRef, type Ref } from 'vue'
import { createRowLayout, type RowLayout, type TallRow } from './logRowLayout'

/** One row in the DOM: its index in the list and the key of the element that shows it. */
export interface LogRowSlot {
  index: number
  key: number
}

export interface LogRowWindowOptions {
  scroller: Ref<HTMLElement | null>
  count: () => number
  rowHeight: number
  overscan: number
  /** Rows taller than `rowHeight` (expanded ones), with their measured or estimated height. */
  tallRows: () => readonly TallRow[]
  /** The scroller's height until it can be measured (rows for the first paint). */
  estimatedHeight: () => number
}

export interface LogRowWindow {
  layout: ComputedRef<RowLayout>
  /** The rows in the DOM, in order: always one contiguous run of `size` rows (fewer at most when the list is shorter). */
  slots: ComputedRef<readonly LogRowSlot[]>
  /** Top of the first row in the DOM. */
  offset: ComputedRef<number>
  /** Call on the scroller's `scroll` event. */
  onScroll(): void
  /** Scrolls just enough for row `index` to be in view. */
  scrollToIndex(index: number): void
}

/**
 * Windowing for the log list: rows are `rowHeight` high except a few tall (expanded) ones, so
 * where a row sits is arithmetic (see `createRowLayout`) and never a pass over every record.
 * The window always holds the same number of rows, keyed by `index % size`: a contiguous run of
 * `size` indices uses every key once, so scrolling (even a jump of a whole screen) patches the
 * same elements in place and never mounts or unmounts a row; a record that stays in view keeps
 * its element (and the focus in it).
 */
export function useLogRowWindow(o: LogRowWindowOptions): LogRowWindow {
  const scrollTop = ref(0)
  const viewport = ref(o.estimatedHeight())

  const layout = computed(() => createRowLayout(o.count(), o.rowHeight, o.tallRows()))
  const size = computed(() => Math.ceil(viewport.value / o.rowHeight) + 1 + 2 * o.overscan)

  const slots = computed<readonly LogRowSlot[]>(() => {
    const l = layout.value
    const n = size.value
    const first = Math.max(0, Math.min(l.indexAt(scrollTop.value) - o.overscan, l.count - n))
    const end = Math.min(l.count, first + n)
    const out: LogRowSlot[] = []
    for (let i = first; i < end; i++) out.push({ index: i, key: i % n })
    return out
  })
  const offset = computed(() => layout.value.topOf(slots.value[0]?.index ?? 0))

  function onScroll(): void {
    scrollTop.value = o.scroller.value?.scrollTop ?? 0
  }

  function readViewport(): void {
    const h = o.scroller.value?.clientHeight ?? 0
    if (h > 0) viewport.value = h
  }

  function scrollToIndex(index: number): void {
    const el = o.scroller.value
    if (!el) return
    const l = layout.value
    const top = l.topOf(index)
    const bottom = l.topOf(index + 1)
    const height = el.clientHeight
    let next = el.scrollTop
    if (top < next) next = top
    else if (bottom > next + height) next = bottom - height
    if (next === el.scrollTop) return
    el.scrollTop = next
    // Now, not at the scroll event: the caller focuses the row on the next tick.
    scrollTop.value = next
  }

  let resize: ResizeObserver | undefined
  onMounted(() => {
    readViewport()
    onScroll()
    if (typeof ResizeObserver === 'function' && o.scroller.value) {
      resize = new ResizeObserver(readViewport)
      resize.observe(o.scroller.value)
    }
  })
  onBeforeUnmount(() => resize?.disconnect())
  // A list made shorter (a filter) clamps the scroll position; the browser tells with a scroll
  // event, and until then `slots` clamps the window to the list's end itself.

  return { layout, slots, offset, onScroll, scrollToIndex }
}
