/**
 * PromQL pieces the RED views need beyond src/domain/promql/builder.ts: `offset` on a range
 * selector (day/week comparisons, chart overlays) and `label_replace` to tag the parts of one
 * combined query. Every value still goes through the builder's escaping; names are validated.
 */
import type { PromQL, Selector } from '../promql/builder'
import { assertDuration } from '../promql/duration'
import { quotePromQLString } from '../promql/escapeString'
import { assertLabelName } from '../promql/names'

/** The label that names each part of a tagged union query (see `taggedUnion`). */
export const TAG_LABEL = 'tb_part'

/**
 * `rate(sel[window] offset <offset>)`. PromQL only accepts `offset` on a selector (here: inside
 * the range function), never on a whole aggregation, so it is applied where the selector is.
 */
export function rateAt(sel: Selector, window: string, offset?: string): PromQL {
  const off = offset === undefined ? '' : ` offset ${assertDuration(offset)}`
  return `rate(${sel}[${assertDuration(window)}]${off})` as PromQL
}

/** `label_replace(expr, "<dst>", "<value>", "<dst>", ".*")`: adds the label `dst` = `value` to every series. */
export function withLabel(expr: PromQL, dst: string, value: string): PromQL {
  const name = quotePromQLString(assertLabelName(dst))
  // Source = the destination itself (absent, so ""), and ".*" matches "": always replaced.
  return `label_replace(${expr}, ${name}, ${quotePromQLString(value)}, ${name}, ".*")` as PromQL
}

export interface TaggedPart<T extends string> {
  tag: T
  expr: PromQL
}

/**
 * One query for several expressions with the same grouping: each part is tagged with
 * `TAG_LABEL` and the parts are joined with `or`. The tags differ, so `or` keeps every series of
 * every part; one HTTP request then answers what would otherwise take one request per part
 * (BUDGETS.md: ≤ 6 Prometheus requests per overview refresh).
 */
export function taggedUnion<T extends string>(parts: readonly TaggedPart<T>[]): PromQL {
  if (parts.length === 0) throw new Error('taggedUnion() needs at least one part')
  const tagged = parts.map((p) => withLabel(p.expr, TAG_LABEL, p.tag))
  return (tagged.length === 1 ? tagged[0] : tagged.map((q) => `(${q})`).join(' or ')) as PromQL
}
