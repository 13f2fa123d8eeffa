import { globCovers } from './globs'
import { parseIndexTarget, targetCovers, type IndexTarget } from './indexTargets'
import type { PathPart, RouteRule } from './routeTable'

export type LogOp = 'search' | 'pit_search' | 'mapping' | 'pit_open' | 'pit_close'

// Any segment that could be an index expression; `checkIndexExpression` decides if it is allowed.
// A leading `_` is an API (`_all`, `_search`, `_cat`), never an index.
const indexParam: PathPart = { param: 'index', valid: (v) => !v.startsWith('_') && v.length <= 1024 }

/**
 * Elasticsearch/OpenSearch endpoints the browser may use: `_search` on an index expression,
 * point-in-time open/close (each flavour's own spelling), a search by point-in-time (no index
 * in the path: the PIT id carries it) and, when allowed, `_mapping` for mapping detection.
 */
export function logRoutes(flavour: 'elasticsearch' | 'opensearch', allowMapping: boolean): readonly RouteRule<LogOp>[] {
  const rules: RouteRule<LogOp>[] = [
    { op: 'search', methods: ['POST'], path: [indexParam, '_search'] },
    { op: 'pit_search', methods: ['POST'], path: ['_search'] },
  ]
  if (flavour === 'elasticsearch') {
    rules.push(
      { op: 'pit_open', methods: ['POST'], path: [indexParam, '_pit'] },
      { op: 'pit_close', methods: ['DELETE'], path: ['_pit'] },
    )
  } else {
    rules.push(
      { op: 'pit_open', methods: ['POST'], path: [indexParam, '_search', 'point_in_time'] },
      { op: 'pit_close', methods: ['DELETE'], path: ['_search', 'point_in_time'] },
    )
  }
  if (allowMapping) rules.push({ op: 'mapping', methods: ['GET'], path: [indexParam, '_mapping'] })
  return rules
}

/**
 * Checks an index expression from the path (`logs-*`, `logs-app,logs-db`, `logs-*,-logs-old`,
 * `eu:logs-*`) against the configured patterns: every included target must fall inside an
 * allowed pattern. Exclusions only narrow, so their index part need only be well-formed, but an
 * exclusion naming a cluster must name an allowed one (the browser has no business listing
 * remote clusters otherwise). Returns the problem, or undefined.
 */
export function checkIndexExpression(expression: string, allowed: readonly string[]): string | undefined {
  const patterns = allowed.map(parseIndexTarget).filter((p): p is IndexTarget => p !== undefined)
  let included = 0
  for (const text of expression.split(',')) {
    const exclusion = text.startsWith('-')
    const target = parseIndexTarget(exclusion ? text.slice(1) : text)
    if (!target) return `"${text}" is not an index name or pattern`
    if (exclusion) {
      const { cluster } = target
      if (cluster !== undefined && !patterns.some((p) => p.cluster !== undefined && globCovers(p.cluster, cluster))) {
        return `cluster "${cluster}" is outside the allowed patterns (${allowed.join(', ')})`
      }
      continue
    }
    included++
    if (!patterns.some((p) => targetCovers(p, target))) {
      return `index "${text}" is outside the allowed patterns (${allowed.join(', ')})`
    }
  }
  return included === 0 ? 'the index expression includes no index' : undefined
}

/** Query parameters each operation may carry; anything else (`q`, `scroll`, `_source`, …) is refused. */
const ALLOWED_PARAMS: Record<LogOp, ReadonlySet<string>> = {
  search: new Set(['typed_keys', 'rest_total_hits_as_int', 'allow_partial_search_results', 'ignore_unavailable', 'allow_no_indices', 'track_total_hits', 'timeout']),
  pit_search: new Set(['typed_keys', 'rest_total_hits_as_int', 'allow_partial_search_results', 'track_total_hits', 'timeout']),
  pit_open: new Set(['keep_alive', 'ignore_unavailable', 'allow_partial_pit_creation']),
  pit_close: new Set(),
  mapping: new Set(['ignore_unavailable', 'allow_no_indices']),
}

const PARAM_VALUE = /^[a-zA-Z0-9_.-]{1,32}$/

/** Checks the query string of a log request; returns the problem or undefined. */
export function checkLogQueryParams(op: LogOp, query: URLSearchParams): string | undefined {
  const seen = new Set<string>()
  for (const [key, value] of query) {
    if (!ALLOWED_PARAMS[op].has(key)) return `query parameter "${key}" is not allowed here`
    if (seen.has(key)) return `query parameter "${key}" is repeated`
    seen.add(key)
    if (!PARAM_VALUE.test(value)) return `query parameter "${key}" has an unexpected value`
  }
  return undefined
}

/** Parses an Elasticsearch keep-alive (`30s`, `5m`, `500ms`) to milliseconds, or undefined. */
export function parseKeepAlive(value: string): number | undefined {
  const m = /^(\d{1,6})(ms|s|m)$/.exec(value)
  if (!m) return undefined
  const n = Number(m[1])
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000
}
