import { LogQueryError } from '@/domain/logs/logQueryError'

// One target of Elasticsearch's multi-target syntax: an index, alias or data stream name with
// `*` wildcards, optionally excluded with a leading `-`, optionally `cluster:` prefixed (CCS).
// Names are lowercase and cannot contain \ / ? " < > | space , # (index naming rules);
// a leading `_` is refused so a pattern can never address an API such as `_search` or `_all`.
const TARGET = /^-?(?:[a-z0-9*][a-z0-9_*+-]*:)?[a-z0-9*.][a-z0-9_.*+-]*$/

/**
 * Validates an index pattern from config (`logs-*`, `logs-*,-logs-old`, `remote:logs-*`) and
 * encodes it as one URL path segment. `*` and `,` stay readable (both are valid in a path and
 * Elasticsearch expects them literally); everything else goes through `encodeURIComponent`.
 * Throws `LogQueryError` (`invalidIndexPattern`).
 */
export function encodeIndexPattern(pattern: string): string {
  const invalid = (reason: string): never => {
    throw new LogQueryError({ kind: 'invalidIndexPattern', pattern, reason })
  }
  if (typeof pattern !== 'string' || pattern.trim() === '') invalid('empty')
  const targets = pattern.split(',')
  if (targets.every((t) => t.startsWith('-'))) invalid('only exclusions')
  return targets
    .map((target) => {
      if (!TARGET.test(target)) {
        invalid(`${JSON.stringify(target)} is not an index, alias or data stream pattern (lowercase letters, digits, - _ . + and *)`)
      }
      const name = target.slice(target.indexOf(':') + 1).replace(/^-/, '')
      if (name === '.' || name === '..') invalid('"." and ".." are not index names')
      return target.split(':').map(encodeURIComponent).join(':')
    })
    .join(',')
}
