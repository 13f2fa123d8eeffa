/**
 * Test helpers around the official PromQL grammar (@prometheus-io/lezer-promql, the parser of
 * Prometheus' own web UI) and a tiny decoder of Go string literals (strconv.Unquote's rules), so
 * tests can check that what the builder writes is what Prometheus will read.
 */
import { parser } from '@prometheus-io/lezer-promql'

export interface ParsedNode {
  name: string
  text: string
}

/** Every node of the parse tree, in document order. */
export function parseNodes(query: string): ParsedNode[] {
  const nodes: ParsedNode[] = []
  parser.parse(query).iterate({
    enter(node) {
      nodes.push({ name: node.type.isError ? '⚠' : node.name, text: query.slice(node.from, node.to) })
    },
  })
  return nodes
}

/** Error nodes (`⚠`) of the parse; an empty list means the query parses. */
export function parseErrors(query: string): ParsedNode[] {
  return parseNodes(query).filter((n) => n.name === '⚠')
}

/** The raw text of each StringLiteral, quotes included. */
export function stringLiterals(query: string): string[] {
  return parseNodes(query)
    .filter((n) => n.name === 'StringLiteral')
    .map((n) => n.text)
}

const SIMPLE: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34, "'": 39 }

/**
 * Decodes a Go string literal ("..." or '...' as PromQL allows) by strconv.Unquote's rules:
 * `\xHH` and octal escapes are bytes, `\u`/`\U` are code points, the result must be UTF-8.
 */
export function decodeGoString(literal: string): string {
  const quote = literal[0]
  if ((quote !== '"' && quote !== "'") || literal.at(-1) !== quote || literal.length < 2) {
    throw new Error(`not a quoted string: ${literal}`)
  }
  const body = literal.slice(1, -1)
  const bytes: number[] = []
  const encoder = new TextEncoder()
  const cps = Array.from(body)
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i] ?? ''
    if (ch === quote || ch === '\n') throw new Error(`unescaped ${JSON.stringify(ch)} in ${literal}`)
    if (ch !== '\\') {
      bytes.push(...encoder.encode(ch))
      continue
    }
    const e = cps[++i] ?? ''
    const simple = SIMPLE[e]
    if (simple !== undefined) {
      if ((e === '"' || e === "'") && e !== quote) throw new Error(`\\${e} not allowed in ${quote}-quoted string`)
      bytes.push(simple)
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8
      const hex = cps.slice(i + 1, i + 1 + n).join('')
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Error(`bad \\${e} escape in ${literal}`)
      i += n
      const v = parseInt(hex, 16)
      if (e === 'x') bytes.push(v)
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new Error(`invalid code point \\${e}${hex}`)
        bytes.push(...encoder.encode(String.fromCodePoint(v)))
      }
    } else if (/[0-7]/.test(e)) {
      const oct = cps.slice(i, i + 3).join('')
      if (!/^[0-7]{3}$/.test(oct)) throw new Error(`bad octal escape in ${literal}`)
      const v = parseInt(oct, 8)
      if (v > 255) throw new Error(`octal escape out of range in ${literal}`)
      i += 2
      bytes.push(v)
    } else {
      throw new Error(`unknown escape \\${e} in ${literal}`)
    }
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes))
}
