import type { WaterfallData } from './waterfallData'

export interface ServiceFilterResult {
  /** 1 for rows filtered away; undefined when nothing is. */
  hidden: Uint8Array | undefined
  hiddenCount: number
}

/**
 * Shows only the chosen services: a row stays when it, or anything below it, belongs to one of
 * them (its ancestors stay as context); every other subtree is pruned whole and counted. One
 * backward pass: children come after their parent in pre-order, so a kept row marks its parent
 * before the parent is visited.
 */
export function filterByService(d: WaterfallData, shown: readonly string[] | undefined): ServiceFilterResult {
  if (!shown) return { hidden: undefined, hiddenCount: 0 }
  const wanted = new Uint8Array(d.services.length)
  const set = new Set(shown)
  d.services.forEach((s, k) => {
    if (set.has(s)) wanted[k] = 1
  })
  const keep = new Uint8Array(d.count)
  for (let i = d.count - 1; i >= 0; i--) {
    if (wanted[d.service[i] as number]) keep[i] = 1
    const p = d.parent[i] as number
    if (keep[i] && p >= 0) keep[p] = 1
  }
  const hidden = new Uint8Array(d.count)
  let hiddenCount = 0
  for (let i = 0; i < d.count; i++) {
    if (!keep[i]) {
      hidden[i] = 1
      hiddenCount++
    }
  }
  return { hidden: hiddenCount > 0 ? hidden : undefined, hiddenCount }
}
