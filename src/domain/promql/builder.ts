/**
 * A small typed PromQL builder. Values (service names, routes) always go through
 * `quotePromQLString` / `escapeRegex`; names (metrics, labels) are validated, never quoted, and
 * must come from presets or config. Every sub-expression is parenthesised where it is combined,
 * so operator precedence never changes what a template means.
 */
import { assertDuration } from './duration'
import { escapeRegex, quotePromQLString } from './escapeString'
import { assertLabelName, assertMetricName } from './names'

declare const promqlBrand: unique symbol
declare const selectorBrand: unique symbol

/** A PromQL expression produced by this builder. */
export type PromQL = string & { readonly [promqlBrand]: true }
/** A plain vector selector (`metric{...}`): the only thing a range function accepts here. */
export type Selector = PromQL & { readonly [selectorBrand]: true }

export type MatchOp = '=' | '!=' | '=~' | '!~'

/** One rendered label matcher, e.g. `service_name="checkout"`. */
export interface LabelMatcher {
  readonly label: string
  readonly op: MatchOp
  readonly text: string
}

function matcher(label: string, op: MatchOp, quoted: string): LabelMatcher {
  return { label, op, text: `${assertLabelName(label)}${op}${quoted}` }
}

/** `label="value"`: exact match, the value escaped by Go string rules. */
export function eq(label: string, value: string): LabelMatcher {
  return matcher(label, '=', quotePromQLString(value))
}

/** `label!="value"`. */
export function neq(label: string, value: string): LabelMatcher {
  return matcher(label, '!=', quotePromQLString(value))
}

function alternation(values: readonly string[], fn: string): string {
  if (values.length === 0) throw new Error(`${fn}() needs at least one value`)
  return values.map(escapeRegex).join('|')
}

/** `label=~"a|b|c"` matching exactly one of the literal `values` (each RE2-escaped). */
export function re(label: string, values: readonly string[]): LabelMatcher {
  return matcher(label, '=~', quotePromQLString(alternation(values, 're')))
}

/** `label!~"a|b|c"` excluding the literal `values`. */
export function nre(label: string, values: readonly string[]): LabelMatcher {
  return matcher(label, '!~', quotePromQLString(alternation(values, 'nre')))
}

/**
 * A matcher with a trusted RE2 `pattern` (e.g. `5..` from a preset). The pattern is used as a
 * regex but still Go-escaped as a string, so it can never end the literal.
 */
export function rePattern(label: string, pattern: string, op: '=~' | '!~' = '=~'): LabelMatcher {
  return matcher(label, op, quotePromQLString(pattern))
}

/** `metric{m1, m2}`; the metric name is validated, matchers are already escaped. */
export function selector(metric: string, matchers: readonly LabelMatcher[] = []): Selector {
  const name = assertMetricName(metric)
  const body = matchers.map((m) => m.text).join(', ')
  return (matchers.length === 0 ? name : `${name}{${body}}`) as Selector
}

/**
 * `{m1, m2}`: a selector by matchers only (e.g. on `__name__`). PromQL needs at least one
 * matcher that does not match the empty string; the caller provides it.
 */
export function labelSelector(matchers: readonly LabelMatcher[]): Selector {
  if (matchers.length === 0) throw new Error('labelSelector() needs at least one matcher')
  return `{${matchers.map((m) => m.text).join(', ')}}` as Selector
}

/** `rate(sel[window])`; the window must be a PromQL duration such as `5m`. */
export function rate(sel: Selector, window: string): PromQL {
  return `rate(${sel}[${assertDuration(window)}])` as PromQL
}

function grouping(labels: readonly string[]): string {
  return labels.map(assertLabelName).join(', ')
}

/** `sum by (l1, l2) (expr)`; with no labels, `sum (expr)`. */
export function sumBy(labels: readonly string[], expr: PromQL): PromQL {
  return (labels.length === 0 ? `sum (${expr})` : `sum by (${grouping(labels)}) (${expr})`) as PromQL
}

/** A number literal; NaN and ±Inf are written as PromQL spells them. */
export function num(value: number): PromQL {
  if (Number.isNaN(value)) return 'NaN' as PromQL
  if (value === Infinity) return 'Inf' as PromQL
  if (value === -Infinity) return '(-Inf)' as PromQL
  return (value < 0 ? `(${value})` : String(value)) as PromQL
}

/** `histogram_quantile(q, expr)`; `q` must be within [0, 1]. */
export function histogramQuantile(q: number, expr: PromQL): PromQL {
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile must be within [0, 1], got ${q}`)
  return `histogram_quantile(${num(q)}, ${expr})` as PromQL
}

export type BinaryOp = '+' | '-' | '*' | '/' | 'or' | 'and' | 'unless'

/** `(left) op (right)`, both sides parenthesised. */
export function binary(left: PromQL, op: BinaryOp, right: PromQL): PromQL {
  return `(${left}) ${op} (${right})` as PromQL
}
