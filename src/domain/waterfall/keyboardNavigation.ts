import { positionOf } from './visibleRows'
import type { WaterfallData } from './waterfallData'

export type NavigationKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'PageUp' | 'PageDown'

export type NavigationResult =
  | { kind: 'focus'; row: number }
  | { kind: 'collapse'; row: number }
  | { kind: 'expand'; row: number }
  | { kind: 'none' }

const KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown'])

export function isNavigationKey(key: string): key is NavigationKey {
  return KEYS.has(key)
}

/**
 * What a key does in the waterfall tree (WAI-ARIA tree pattern): up/down move between rows on
 * screen, right expands a collapsed row or moves to its first child, left collapses an expanded
 * row or moves to its parent, Home/End/PageUp/PageDown jump. `rows` is the ascending list of
 * rows on screen; `focused` a row index (or -1 for none).
 */
export function navigate(
  d: WaterfallData,
  rows: Int32Array,
  collapsed: Uint8Array,
  focused: number,
  key: NavigationKey,
  pageSize: number,
): NavigationResult {
  if (rows.length === 0) return { kind: 'none' }
  const pos = focused < 0 ? -1 : positionOf(rows, focused)
  const at = (p: number): NavigationResult => ({ kind: 'focus', row: rows[Math.min(rows.length - 1, Math.max(0, p))] as number })
  if (pos < 0) return at(key === 'End' ? rows.length - 1 : 0)
  switch (key) {
    case 'ArrowDown':
      return at(pos + 1)
    case 'ArrowUp':
      return at(pos - 1)
    case 'Home':
      return at(0)
    case 'End':
      return at(rows.length - 1)
    case 'PageDown':
      return at(pos + Math.max(1, pageSize))
    case 'PageUp':
      return at(pos - Math.max(1, pageSize))
    case 'ArrowRight':
      if ((d.childCount[focused] as number) === 0) return { kind: 'none' }
      return collapsed[focused] ? { kind: 'expand', row: focused } : at(pos + 1)
    case 'ArrowLeft': {
      if ((d.childCount[focused] as number) > 0 && !collapsed[focused]) return { kind: 'collapse', row: focused }
      const p = d.parent[focused] as number
      return p >= 0 && positionOf(rows, p) >= 0 ? { kind: 'focus', row: p } : { kind: 'none' }
    }
  }
}
