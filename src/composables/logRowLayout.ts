/** A row taller than the others (an expanded log row), by its index in the list. */
export interface TallRow {
  index: number
  height: number
}

/**
 * Where rows sit in a list of `count` rows that are all `rowHeight` high except a few
 * (`tall`, any order). Every answer costs O(log t) for t tall rows, whatever `count` is: no
 * per-row measurement array, so 100,000 rows cost what 40 do.
 */
export interface RowLayout {
  readonly count: number
  readonly totalHeight: number
  /** Top of row `index` (0 ≤ index ≤ count; `count` gives the end of the last row). */
  topOf(index: number): number
  /** Row whose box holds `y` (clamped to the list). */
  indexAt(y: number): number
}

export function createRowLayout(count: number, rowHeight: number, tall: readonly TallRow[]): RowLayout {
  const rows = tall.filter((t) => t.index >= 0 && t.index < count && t.height > rowHeight).sort((a, b) => a.index - b.index)
  // extraBefore[k]: extra height of the tall rows before rows[k].
  const extraBefore = new Float64Array(rows.length + 1)
  for (let k = 0; k < rows.length; k++) extraBefore[k + 1] = extraBefore[k]! + rows[k]!.height - rowHeight
  const totalExtra = extraBefore[rows.length]!

  /** Number of tall rows with index < `index`. */
  function tallBefore(index: number): number {
    let lo = 0
    let hi = rows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (rows[mid]!.index < index) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  function topOf(index: number): number {
    const i = Math.max(0, Math.min(count, index))
    return i * rowHeight + extraBefore[tallBefore(i)]!
  }

  function indexAt(y: number): number {
    if (count === 0 || y <= 0) return 0
    // Last tall row starting at or above y.
    let lo = 0
    let hi = rows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (rows[mid]!.index * rowHeight + extraBefore[mid]! <= y) lo = mid + 1
      else hi = mid
    }
    const k = lo - 1
    let index: number
    if (k < 0) index = Math.floor(y / rowHeight)
    else {
      const t = rows[k]!
      const end = t.index * rowHeight + extraBefore[k]! + t.height
      index = y < end ? t.index : t.index + 1 + Math.floor((y - end) / rowHeight)
    }
    return Math.min(count - 1, index)
  }

  return { count, totalHeight: count * rowHeight + totalExtra, topOf, indexAt }
}
