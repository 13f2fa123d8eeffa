import type { AttributeValue, Attributes, Span } from '../trace'
import type { AttributeMasker } from './attributeMasker'

/**
 * Search terms as typed: separated by spaces, all must match, case ignored; `"two words"`
 * keeps a phrase together.
 */
export function parseSearchTerms(text: string): string[] {
  const terms: string[] = []
  const re = /"([^"]*)"|(\S+)/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const term = (m[1] ?? m[2] ?? '').trim().toLowerCase()
    if (term !== '') terms.push(term)
  }
  return terms
}

/**
 * Rows (ascending) whose span matches every term in its service, name, span id, attribute
 * `key=value` pairs, resource attributes or event names — what Jaeger UI's trace search
 * covers. Attributes are matched as masked for display (`mask`), so a search cannot reveal what
 * masking hides. Text is lowercased span by span, so nothing is kept per span.
 */
export function searchSpans(spans: readonly Span[], text: string, mask?: AttributeMasker): Int32Array {
  const terms = parseSearchTerms(text)
  if (terms.length === 0) return new Int32Array(0)
  const out: number[] = []
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!
    let all = true
    for (const term of terms) {
      if (!spanHas(s, term, mask)) {
        all = false
        break
      }
    }
    if (all) out.push(i)
  }
  return Int32Array.from(out)
}

function spanHas(s: Span, term: string, mask: AttributeMasker | undefined): boolean {
  if (has(s.service, term) || has(s.name, term) || s.key.includes(term) || has(s.statusMessage ?? '', term)) return true
  if (attributesHave(s.attributes, term, mask) || attributesHave(s.resource, term, mask)) return true
  for (const e of s.events) if (has(e.name, term)) return true
  return false
}

function attributesHave(attributes: Attributes, term: string, mask: AttributeMasker | undefined): boolean {
  for (const key in attributes) {
    const raw = attributes[key] as AttributeValue
    const value = mask ? mask(key, raw) : raw
    if (value !== undefined && has(`${key}=${String(value)}`, term)) return true
  }
  return false
}

function has(text: string, term: string): boolean {
  return text.toLowerCase().includes(term)
}

/** The match after (or, backwards, before) row `current`, wrapping around; -1 when there is none. */
export function stepMatch(matches: Int32Array, current: number, direction: 1 | -1): number {
  if (matches.length === 0) return -1
  if (direction === 1) {
    for (const m of matches) if (m > current) return m
    return matches[0] as number
  }
  for (let k = matches.length - 1; k >= 0; k--) if ((matches[k] as number) < current) return matches[k] as number
  return matches[matches.length - 1] as number
}

/** 1-based rank of row `row` among the matches (0 when it is not one). */
export function matchRank(matches: Int32Array, row: number): number {
  let lo = 0
  let hi = matches.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = matches[mid] as number
    if (v === row) return mid + 1
    if (v < row) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}
