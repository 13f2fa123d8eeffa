/**
 * Children lists of a parent array in compressed form (CSR): the children of `i` are
 * `children[offsets[i] .. offsets[i + 1])`. Two typed arrays instead of n small arrays.
 */
export interface Forest {
  n: number
  offsets: Int32Array
  children: Int32Array
  /** Spans with no parent, in input order. */
  tops: number[]
}

/** Children lists of `parent` (input order kept), and the spans without parent. */
export function buildForest(parent: Int32Array): Forest {
  const n = parent.length
  const offsets = new Int32Array(n + 1)
  const tops: number[] = []
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number
    if (p < 0) tops.push(i)
    else offsets[p + 1]! += 1
  }
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i] as number
  const fill = offsets.slice(0, n)
  const children = new Int32Array(Math.max(0, n - tops.length))
  for (let i = 0; i < n; i++) {
    const p = parent[i] as number
    if (p >= 0) children[fill[p]!++] = i
  }
  return { n, offsets, children, tops }
}

/** Breadth-first order over the whole forest: every parent before its children. */
export function topDownOrder(forest: Forest): Int32Array {
  const order = new Int32Array(forest.n)
  let tail = 0
  for (const t of forest.tops) order[tail++] = t
  for (let head = 0; head < tail; head++) {
    const i = order[head] as number
    for (let k = forest.offsets[i] as number, end = forest.offsets[i + 1] as number; k < end; k++) {
      order[tail++] = forest.children[k] as number
    }
  }
  return order
}

/**
 * Sorts every children list by `key` (start time), ties kept in input order, so a waterfall
 * reads top to bottom in time. Lists already in order (the usual case) are only scanned.
 */
export function sortChildren(forest: Forest, key: Float64Array): void {
  const { offsets, children } = forest
  for (let i = 0; i < forest.n; i++) {
    const from = offsets[i] as number
    const to = offsets[i + 1] as number
    if (to - from < 2) continue
    let sorted = true
    for (let k = from + 1; k < to && sorted; k++) {
      const a = children[k - 1] as number
      const b = children[k] as number
      if ((key[a] as number) > (key[b] as number) || (key[a] === key[b] && a > b)) sorted = false
    }
    if (!sorted) {
      children.subarray(from, to).sort((a, b) => (key[a] as number) - (key[b] as number) || a - b)
    }
  }
}
