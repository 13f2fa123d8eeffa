import type { WaterfallData } from './waterfallData'

/**
 * Rows on screen, in order: every row not inside a collapsed or hidden subtree. Collapsing row
 * `i` jumps straight to `subtreeEnd[i]`, so the cost is the number of rows shown, not the trace
 * size. The result is ascending, which lets callers find a row's position by binary search.
 */
export function visibleRows(d: WaterfallData, collapsed: Uint8Array, hidden?: Uint8Array): Int32Array {
  const out = new Int32Array(d.count)
  let k = 0
  let i = 0
  while (i < d.count) {
    if (hidden && hidden[i]) {
      i = d.subtreeEnd[i] as number
      continue
    }
    out[k++] = i
    i = collapsed[i] ? (d.subtreeEnd[i] as number) : i + 1
  }
  return out.subarray(0, k)
}

/** Position of row `span` in `rows` (ascending), or -1. */
export function positionOf(rows: Int32Array, span: number): number {
  let lo = 0
  let hi = rows.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = rows[mid] as number
    if (v === span) return mid
    if (v < span) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** Nothing collapsed. */
export function expandAll(d: WaterfallData): Uint8Array {
  return new Uint8Array(d.count)
}

/** Every row with children collapsed: only top-level rows remain. */
export function collapseAll(d: WaterfallData): Uint8Array {
  return collapseToDepth(d, 1)
}

/**
 * Shows `levels` levels (1 = top-level rows only): rows at depth `levels - 1` and deeper are
 * collapsed, so expanding one of them opens one more level, not its whole subtree.
 */
export function collapseToDepth(d: WaterfallData, levels: number): Uint8Array {
  const out = new Uint8Array(d.count)
  const from = Math.max(0, levels - 1)
  for (let i = 0; i < d.count; i++) if ((d.depth[i] as number) >= from && (d.childCount[i] as number) > 0) out[i] = 1
  return out
}

/** A copy with row `i` collapsed or expanded (rows without children never collapse). */
export function setCollapsed(d: WaterfallData, collapsed: Uint8Array, i: number, value: boolean): Uint8Array {
  if (i < 0 || i >= d.count || (d.childCount[i] === 0 && value) || Boolean(collapsed[i]) === value) return collapsed
  const out = collapsed.slice()
  out[i] = value ? 1 : 0
  return out
}

/** A copy with every ancestor of row `i` expanded (so `i` is on screen); the same array when none was collapsed. */
export function revealRow(d: WaterfallData, collapsed: Uint8Array, i: number): Uint8Array {
  let out = collapsed
  for (let p = d.parent[i] ?? -1; p >= 0; p = d.parent[p] as number) {
    if (out[p]) {
      if (out === collapsed) out = collapsed.slice()
      out[p] = 0
    }
  }
  return out
}

