import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { positionOf, rowView, type RowContext, type RowView } from '@/domain/waterfall'

export const ROW_HEIGHT = 24
const OVERSCAN = 6

/**
 * Fixed-height windowing: which rows exist in the DOM for the current scroll position. The
 * rows keep their position in the window as key, so a scroll patches the same elements.
 */
export function useTraceRowWindow(
  viewport: Ref<HTMLElement | undefined>,
  rows: () => Int32Array,
  heightPx: () => number,
  context: () => RowContext,
): { first: ComputedRef<number>; windowRows: ComputedRef<RowView[]>; onScroll(): void; bringIntoView(row: number): void } {
  const scrollTop = ref(0)
  const first = computed(() => Math.max(0, Math.floor(scrollTop.value / ROW_HEIGHT) - OVERSCAN))
  const windowRows = computed(() => {
    const count = Math.ceil(heightPx() / ROW_HEIGHT) + OVERSCAN * 2
    const list = rows()
    const end = Math.min(list.length, first.value + count)
    const ctx = context()
    const out: RowView[] = []
    for (let p = first.value; p < end; p++) out.push(rowView(ctx, list[p] as number, p - first.value))
    return out
  })

  function onScroll(): void {
    scrollTop.value = viewport.value?.scrollTop ?? 0
  }

  /** Scrolls only when the row is out of view, and then puts it in the middle. */
  function bringIntoView(row: number): void {
    const el = viewport.value
    const pos = positionOf(rows(), row)
    if (!el || pos < 0) return
    const top = pos * ROW_HEIGHT
    const h = heightPx()
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + h) {
      el.scrollTop = Math.max(0, top - h / 2 + ROW_HEIGHT / 2)
      onScroll()
    }
  }

  return { first, windowRows, onScroll, bringIntoView }
}
