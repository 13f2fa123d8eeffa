import { globCovers } from './globs'

/**
 * One target of Elasticsearch's multi-target syntax: `index` or `cluster:index` (cross-cluster
 * search), each part a lowercase name that may hold `*`.
 */
export interface IndexTarget {
  cluster: string | undefined
  index: string
}

// Neither part may hold `:` or `,`, so a `*` can never stand for the cluster separator or for a
// second target. No `_`-prefixed names (`_all`, APIs), no date math (`<logs-{now/d}>`), no
// `::` selectors, no upper case and no whitespace: anything else is refused, not guessed at.
const CLUSTER = /^[a-z0-9*][a-z0-9_*+-]*$/
const INDEX = /^[a-z0-9*][a-z0-9_.*+-]*$/

/** Splits `[cluster:]index` into its parts, or undefined when it is not a target of the grammar. */
export function parseIndexTarget(text: string): IndexTarget | undefined {
  const parts = text.split(':')
  if (parts.length > 2) return undefined
  const [first = '', second] = parts
  const target: IndexTarget = second === undefined ? { cluster: undefined, index: first } : { cluster: first, index: second }
  if (target.cluster !== undefined && !CLUSTER.test(target.cluster)) return undefined
  return INDEX.test(target.index) ? target : undefined
}

/**
 * True when every concrete target `requested` can expand to is inside `allowed`. Cluster and
 * index are matched separately, and a pattern without a cluster part covers local indices only:
 * remote clusters must be named by a pattern of their own (`eu:logs-*`).
 */
export function targetCovers(allowed: IndexTarget, requested: IndexTarget): boolean {
  if (allowed.cluster === undefined || requested.cluster === undefined) {
    return allowed.cluster === requested.cluster && globCovers(allowed.index, requested.index)
  }
  return globCovers(allowed.cluster, requested.cluster) && globCovers(allowed.index, requested.index)
}
