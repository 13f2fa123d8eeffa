/**
 * PromQL string literals follow Go's rules: the Prometheus lexer accepts Go escapes and the
 * parser decodes them with strconv.Unquote (promql/parser/lex.go, parse.go `unquoteString`).
 * Grafana #93415 and Jaeger's SPM (service names joined into a regex unescaped) show what happens
 * when values are spliced raw: a quote or backslash in a service name breaks or changes the query.
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
}

/**
 * Code points written as `\uXXXX` instead of raw: C0/C1 controls and DEL, plus invisible
 * formatting characters (zero-width, bidi marks and overrides, line/paragraph separators, BOM) so
 * a query shown to a user or written to a log cannot hide or reorder text ("Trojan Source").
 */
function mustEscape(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0xfeff
  )
}

function hex4(cp: number): string {
  return cp.toString(16).padStart(4, '0')
}

/**
 * Quotes `value` as a double-quoted PromQL (Go) string literal, quotes included.
 * A lone UTF-16 surrogate cannot exist in a Prometheus label value (labels are UTF-8, and Go
 * rejects `\ud800`), so it is written as U+FFFD, exactly what UTF-8 encoding would produce.
 */
export function quotePromQLString(value: string): string {
  let out = '"'
  for (const ch of value) {
    const cp = ch.codePointAt(0) ?? 0xfffd
    const simple = SIMPLE_ESCAPES[ch]
    if (simple !== undefined) out += simple
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'
    else if (mustEscape(cp)) out += `\\u${hex4(cp)}`
    else out += ch
  }
  return out + '"'
}

// regexp.QuoteMeta's set in Go: `\.+*?()|[]{}^$`.
const RE2_META = /[\\.+*?()|[\]{}^$]/g

/**
 * Escapes RE2 metacharacters so `value` matches itself literally (Go's regexp.QuoteMeta).
 * The result still has to be quoted with `quotePromQLString` to go into a `=~` matcher.
 */
export function escapeRegex(value: string): string {
  return value.replace(RE2_META, '\\$&')
}
