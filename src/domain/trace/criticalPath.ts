import type { Trace } from './model'

/** A stretch of time during which `spanIndex` was the span everything waited on. */
export interface CriticalPathSegment {
  spanIndex: number
  startUs: number
  endUs: number
}

/**
 * The critical path of the subtree at `rootIndex` (default: the trace root), in time order.
 * Jaeger's algorithm (jaeger-ui model/critical_path): children are first clipped to their
 * parent's window (children outside it are ignored); then, walking back from the parent's end,
 * the last-finishing child before the cursor is what the parent waited for — the path descends
 * into it, and comes back to the parent at that child's start. Iterative, and each span's
 * children are scanned once in order of end time, so deep or wide traces stay linear-ish.
 */
export function computeCriticalPath(trace: Trace, rootIndex = 0): CriticalPathSegment[] {
  const spans = trace.spans
  const root = spans[rootIndex]
  if (!root) return []
  const end = root.subtreeEnd
  const clipStart = new Float64Array(end)
  const clipEnd = new Float64Array(end)
  const valid = new Uint8Array(end)
  clipStart[rootIndex] = root.startUs
  clipEnd[rootIndex] = root.startUs + root.durationUs
  valid[rootIndex] = 1
  for (let i = rootIndex + 1; i < end; i++) {
    const s = spans[i]!
    const p = s.parentIndex
    if (!valid[p]) continue
    const cs = Math.max(s.startUs, clipStart[p]!)
    const ce = Math.min(s.startUs + s.durationUs, clipEnd[p]!)
    // Zero-length pieces cannot block anything (and would let the walk revisit them forever).
    if (ce <= cs) continue
    clipStart[i] = cs
    clipEnd[i] = ce
    valid[i] = 1
  }

  const byEnd = new Map<number, { children: number[]; next: number }>()
  const lastFinishingChild = (i: number, cursor: number): number | undefined => {
    let entry = byEnd.get(i)
    if (!entry) {
      const children: number[] = []
      for (let c = i + 1; c < spans[i]!.subtreeEnd; c = spans[c]!.subtreeEnd) if (valid[c]) children.push(c)
      children.sort((a, b) => clipEnd[b]! - clipEnd[a]! || clipStart[b]! - clipStart[a]!)
      entry = { children, next: 0 }
      byEnd.set(i, entry)
    }
    // The cursor only moves back in time at a given span, so the scan position only moves forward.
    while (entry.next < entry.children.length && clipEnd[entry.children[entry.next]!]! > cursor) entry.next++
    if (entry.next >= entry.children.length) return undefined
    return entry.children[entry.next++]
  }

  const path: CriticalPathSegment[] = []
  let node = rootIndex
  let cursor = clipEnd[rootIndex]!
  for (;;) {
    const child = lastFinishingChild(node, cursor)
    if (child !== undefined) {
      if (clipEnd[child]! < cursor) path.push({ spanIndex: node, startUs: clipEnd[child]!, endUs: cursor })
      node = child
      cursor = clipEnd[child]!
      continue
    }
    if (cursor > clipStart[node]!) path.push({ spanIndex: node, startUs: clipStart[node]!, endUs: cursor })
    if (node === rootIndex) break
    cursor = clipStart[node]!
    node = spans[node]!.parentIndex
  }
  return path.reverse()
}
