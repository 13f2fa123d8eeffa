// Elasticsearch index and field patterns only know `*` (any run of characters, also empty).

/** True when `text` (taken literally, `*` included) matches `glob`. */
export function globMatches(glob: string, text: string): boolean {
  let g = 0
  let t = 0
  let starG = -1
  let starT = 0
  while (t < text.length) {
    if (g < glob.length && glob[g] === '*') {
      starG = g++
      starT = t
    } else if (g < glob.length && glob[g] === text[t]) {
      g++
      t++
    } else if (starG >= 0) {
      g = starG + 1
      t = ++starT
    } else {
      return false
    }
  }
  while (g < glob.length && glob[g] === '*') g++
  return g === glob.length
}

/**
 * True when every name `requested` can expand to also matches `allowed`. Matching `requested`
 * literally is enough: a literal char of `allowed` can only pair with a literal char of
 * `requested`, so each `*` of `requested` sits inside a stretch covered by a `*` of `allowed`.
 */
export function globCovers(allowed: string, requested: string): boolean {
  return globMatches(allowed, requested)
}

/** True when some name matches both globs (a search over pairs of positions, no backtracking blow-up). */
export function globsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>()
  const width = b.length + 1
  const stack: [number, number][] = [[0, 0]]
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number]
    const key = i * width + j
    if (seen.has(key)) continue
    seen.add(key)
    if (i === a.length && j === b.length) return true
    const ca = a[i]
    const cb = b[j]
    if (ca === '*') stack.push([i + 1, j])
    if (cb === '*') stack.push([i, j + 1])
    if (ca === undefined || cb === undefined) continue
    if (ca === '*' && cb !== '*') stack.push([i, j + 1])
    else if (cb === '*' && ca !== '*') stack.push([i + 1, j])
    else if (ca === cb) stack.push([i + 1, j + 1])
  }
  return false
}

/**
 * True when a field reference (`user`, `user.*`, `*mail`) can reach the protected field
 * pattern: the same field, one of its sub-fields (`user.email.keyword`) or a parent object
 * that contains it (`_source: ["user"]` returns `user.email`).
 */
export function fieldTouches(reference: string, protectedField: string): boolean {
  return (
    globsIntersect(reference, protectedField) ||
    globsIntersect(reference, `${protectedField}.*`) ||
    globsIntersect(`${reference}.*`, protectedField)
  )
}
