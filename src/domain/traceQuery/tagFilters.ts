/** A problem with one typed tag filter, for the form to show next to the field. */
export interface TagProblem {
  token: string
  reason: 'no-equals' | 'empty-key'
}

export interface ParsedTags {
  /** Valid filters as `key=value` (one per key, the last typed wins). */
  tags: string[]
  problems: TagProblem[]
}

const TOKEN = /([^\s"=]+=)"([^"]*)"|"([^"]*)"|(\S+)/g

/**
 * Reads tag filters as typed in the search form: `http.status_code=500 error=true
 * tenant.id=acme`, separated by spaces; a value with spaces is quoted (`user.name="Kim Minji"`).
 * A value may contain `=` (only the first one splits); an empty value (`error=`) means "has the
 * key" (Zipkin's bare annotationQuery term).
 */
export function parseTagText(text: string): ParsedTags {
  const tokens: string[] = []
  TOKEN.lastIndex = 0
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m[1] !== undefined) tokens.push(`${m[1]}${m[2] ?? ''}`)
    else tokens.push(m[3] ?? m[4] ?? '')
  }
  return parseTagList(tokens.filter((t) => t !== ''))
}

/** Validates `key=value` filters from the URL (`tag=` repeated), one per key. */
export function parseTagList(list: readonly string[]): ParsedTags {
  const byKey = new Map<string, string>()
  const problems: TagProblem[] = []
  for (const token of list) {
    const eq = token.indexOf('=')
    if (eq < 0) {
      problems.push({ token, reason: 'no-equals' })
      continue
    }
    const key = token.slice(0, eq).trim()
    if (key === '') {
      problems.push({ token, reason: 'empty-key' })
      continue
    }
    byKey.delete(key)
    byKey.set(key, token.slice(eq + 1))
  }
  return { tags: [...byKey].map(([k, v]) => `${k}=${v}`), problems }
}

/** `["a=1", "b=x=y"]` → `{ a: "1", b: "x=y" }` (entries are already validated). */
export function tagsToRecord(tags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const t of tags) {
    const eq = t.indexOf('=')
    if (eq > 0) out[t.slice(0, eq)] = t.slice(eq + 1)
  }
  return out
}

/** Back to the text box; values with spaces are quoted. */
export function tagsToText(tags: readonly string[]): string {
  return tags
    .map((t) => {
      const eq = t.indexOf('=')
      const value = t.slice(eq + 1)
      return /\s/.test(value) ? `${t.slice(0, eq + 1)}"${value}"` : t
    })
    .join(' ')
}
