import type { JsonValue } from '../logs/logDocument'
import { fieldType, isTextType, LOG_FIELD_TYPES, readValues } from './esFields'

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u
const LETTER = /[\p{L}\p{M}]/u
const DIGIT = /\p{Nd}/u
/** Ideographs and hiragana are one token each (`東京` → `東`, `京`); katakana and hangul runs stay whole. */
const SINGLE_CHAR_TOKEN = /[\p{Script=Han}\p{Script=Hiragana}]/u
// Unicode word-break classes (UAX #29) of the punctuation that may sit inside a token.
const MID_LETTER = new Set([':', '\u00b7', '\u0387', '\u05f4', '\u2027', '\ufe13', '\ufe55', '\uff1a'])
const MID_NUM_LET = new Set(['.', "'", '\u2018', '\u2019', '\u2024', '\ufe52', '\uff07', '\uff0e'])
const MID_NUM = new Set([',', ';', '\u037e', '\u0589', '\u060c', '\u060d', '\u066c', '\u07f8', '\u2044', '\ufe10', '\ufe14', '\ufe50', '\ufe54', '\uff0c', '\uff1b'])

/** UAX #29 rules WB6/7 and WB11/12: `c` between `prev` and `next` does not break the word. */
function staysInside(prev: string, c: string, next: string): boolean {
  if (LETTER.test(prev) && LETTER.test(next)) return MID_LETTER.has(c) || MID_NUM_LET.has(c)
  if (DIGIT.test(prev) && DIGIT.test(next)) return MID_NUM.has(c) || MID_NUM_LET.has(c)
  return false
}

/**
 * Elasticsearch's `standard` analyzer (Lucene's StandardTokenizer, Unicode word breaks, then
 * lower case) for the text the sandbox holds: runs of letters, digits and `_`, where a letter
 * separator (`:` `.` `'`) between two letters and a number separator (`,` `;` `.`) between two
 * digits stay inside the token: `com.acme.auth`, `o'neil`, `customer:acme`, `1,000.5`; ideographs are one token each; but
 * `abc.123`, `12:30` and `acme-c-1` break. Checked against a real OpenSearch's `_analyze`
 * (tests/integration/real/logBackend.test.ts).
 */
export function tokenize(text: string): string[] {
  const chars = [...text.toLowerCase()]
  const out: string[] = []
  let current = ''
  chars.forEach((c, i) => {
    if (SINGLE_CHAR_TOKEN.test(c)) {
      if (current !== '') out.push(current)
      out.push(c)
      current = ''
      return
    }
    if (WORD_CHAR.test(c)) {
      current += c
      return
    }
    if (current === '') return
    if (staysInside(chars[i - 1] ?? '', c, chars[i + 1] ?? '')) current += c
    else {
      out.push(current)
      current = ''
    }
  })
  if (current !== '') out.push(current)
  return out
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
    // A prefix term is not analysed (ES `analyze_wildcard` defaults to false): `ord-5455*` is a
    // prefix query for the one lower-cased term `ord-5455`, which no token of `ord-545538` is.
    if (node.prefix && !node.phrase) {
      const want = node.text.toLowerCase()
      return values.some((v) => tokenize(String(v)).some((t) => t.startsWith(want)))
    }
    const q = tokenize(node.text)
    return values.some((v) => {
      const tokens = tokenize(String(v))
      // A quoted phrase needs its tokens in order; an unquoted term that analyses into several
      // tokens (`ord-104233`) needs all of them.
      if (node.phrase) return containsSequence(tokens, q, false)
      return q.every((tok) => tokens.includes(tok))
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
