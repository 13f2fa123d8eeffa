import type { JsonValue } from '../logs/logDocument'
import { fieldType, isTextType, LOG_FIELD_TYPES, readValues } from './esFields'

/**
 * Roughly Elasticsearch's `standard` analyzer: lower-cased runs of letters and digits, where
 * `.` or `'` between two word characters stays inside the token (`com.acme.auth`, `o'neil`).
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+(?:[.'][\p{L}\p{N}_]+)*/gu) ?? []
}

export type SqsNode =
  | { kind: 'term'; text: string; prefix: boolean; phrase: boolean }
  | { kind: 'not'; node: SqsNode }
  | { kind: 'and' | 'or'; nodes: SqsNode[] }

/**
 * Parses `simple_query_string` syntax (`+` and, `|` or, `-` not, `"phrase"`, `prefix*`,
 * `( )`, `\` escapes; `~N` is accepted and ignored). Like Elasticsearch it never throws; any
 * input is a query. Returns undefined for a query with no terms (it matches nothing).
 */
export function parseSimpleQueryString(input: string, defaultOperator: 'and' | 'or'): SqsNode | undefined {
  let i = 0
  const parseSeq = (nested: boolean): SqsNode | undefined => {
    let current: SqsNode | undefined
    let pendingOp: 'and' | 'or' | undefined
    while (i < input.length) {
      const c = input[i] ?? ''
      if (/\s/.test(c)) {
        i++
        continue
      }
      if (c === ')') {
        i++
        if (nested) break
        continue
      }
      if (c === '|') {
        pendingOp = 'or'
        i++
        continue
      }
      if (c === '+') {
        pendingOp = 'and'
        i++
        continue
      }
      let negate = false
      while (input[i] === '-') {
        negate = !negate
        i++
      }
      let item = parseItem()
      if (!item) continue
      if (negate) item = { kind: 'not', node: item }
      const op = pendingOp ?? defaultOperator
      pendingOp = undefined
      if (!current) current = item
      else if (current.kind === op) current.nodes.push(item)
      else current = { kind: op, nodes: [current, item] }
    }
    return current
  }
  const parseItem = (): SqsNode | undefined => {
    const c = input[i]
    if (c === '(') {
      i++
      return parseSeq(true)
    }
    if (c === '"') {
      const end = input.indexOf('"', i + 1)
      const text = input.slice(i + 1, end < 0 ? input.length : end)
      i = end < 0 ? input.length : end + 1
      skipFuzziness()
      return tokenize(text).length > 0 ? { kind: 'term', text, prefix: false, phrase: true } : undefined
    }
    let text = ''
    while (i < input.length) {
      const ch = input[i] ?? ''
      if (ch === '\\' && i + 1 < input.length) {
        text += input[i + 1]
        i += 2
        continue
      }
      if (/\s/.test(ch) || '()|+"'.includes(ch)) break
      text += ch
      i++
    }
    const fuzz = /~\d*$/.exec(text)
    if (fuzz) text = text.slice(0, fuzz.index)
    const prefix = text.endsWith('*')
    if (prefix) text = text.replace(/\*+$/, '')
    if (text === '') return undefined
    return { kind: 'term', text, prefix, phrase: false }
  }
  const skipFuzziness = (): void => {
    const m = /^~\d*/.exec(input.slice(i))
    if (m) i += m[0].length
  }
  return parseSeq(false)
}

/** Fields a `simple_query_string` searches: patterns with `*` and `^boost` resolved against the mapping. */
export function resolveQueryFields(patterns: readonly string[] | undefined): string[] {
  const list = patterns && patterns.length > 0 ? patterns : ['*']
  const out = new Set<string>()
  for (const raw of list) {
    const pattern = raw.replace(/\^[\d.]+$/, '')
    if (!pattern.includes('*')) {
      out.add(pattern)
      continue
    }
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
    for (const field of Object.keys(LOG_FIELD_TYPES)) if (re.test(field) && fieldType(field) !== 'date') out.add(field)
  }
  return [...out]
}

function containsSequence(tokens: readonly string[], seq: readonly string[], prefixLast: boolean): boolean {
  if (seq.length === 0) return false
  outer: for (let s = 0; s + seq.length <= tokens.length; s++) {
    for (let k = 0; k < seq.length; k++) {
      const t = tokens[s + k] ?? ''
      const q = seq[k] ?? ''
      const ok = prefixLast && k === seq.length - 1 ? t.startsWith(q) : t === q
      if (!ok) continue outer
    }
    return true
  }
  return false
}

function termMatchesField(doc: JsonValue, field: string, node: Extract<SqsNode, { kind: 'term' }>): boolean {
  const type = fieldType(field)
  const values = readValues(doc, field)
  if (isTextType(type)) {
    const q = tokenize(node.text)
    return values.some((v) => {
      const tokens = tokenize(String(v))
      // A quoted phrase needs its tokens in order; an unquoted term that analyses into several
      // tokens (`ord-104233`) needs all of them.
      if (node.phrase) return containsSequence(tokens, q, false)
      return q.every((tok, k) => (node.prefix && k === q.length - 1 ? tokens.some((t) => t.startsWith(tok)) : tokens.includes(tok)))
    })
  }
  if (type === 'long') return values.some((v) => String(v) === node.text)
  return values.some((v) => (node.prefix ? String(v).startsWith(node.text) : String(v) === node.text))
}

/** Evaluates a parsed `simple_query_string` against one document. */
export function matchesSimpleQuery(doc: JsonValue, node: SqsNode, fields: readonly string[]): boolean {
  switch (node.kind) {
    case 'term':
      return fields.some((f) => termMatchesField(doc, f, node))
    case 'not':
      return !matchesSimpleQuery(doc, node.node, fields)
    case 'and':
      return node.nodes.every((n) => matchesSimpleQuery(doc, n, fields))
    case 'or':
      return node.nodes.some((n) => matchesSimpleQuery(doc, n, fields))
  }
}
