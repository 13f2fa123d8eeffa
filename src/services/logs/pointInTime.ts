import { z } from 'zod'
import { isBackendRequestError } from '../errors'

/**
 * Point-in-time (PIT) paging: the first page opens a PIT on the index pattern, every page
 * searches it by id (`POST /_search`, no index in the path), so the pages of one query read one
 * snapshot. Elasticsearch 7.10+ opens it with `POST /<index>/_pit`, OpenSearch 2.4+ with
 * `POST /<index>/_search/point_in_time`; older versions, users without the privilege and
 * gateways that do not allow it refuse, and the pages are then read by plain `search_after`.
 */

/** How long a PIT lives without a request; each page extends it (the gateway allows up to 5 min). */
export const PIT_KEEP_ALIVE = '2m'

export type SearchFlavour = 'elasticsearch' | 'opensearch'

/** Path opening a PIT on `index` (already encoded). */
export function pitOpenPath(flavour: SearchFlavour, index: string): string {
  return flavour === 'opensearch' ? `/${index}/_search/point_in_time` : `/${index}/_pit`
}

/** ES answers `{ id }`, OpenSearch `{ pit_id }`; both add `_shards`. */
export const pitOpenResponseSchema = z.looseObject({ id: z.string().optional(), pit_id: z.string().optional() })

export function pitIdOf(flavour: SearchFlavour, res: z.infer<typeof pitOpenResponseSchema>): string | undefined {
  const id = flavour === 'opensearch' ? res.pit_id : res.id
  return id === undefined || id === '' ? undefined : id
}

/**
 * Statuses by which a store says "no point-in-time here": 400 (an older version takes `_pit`
 * for an index name, or an unknown sort field), 403 (no privilege, or the gateway's policy),
 * 404/405 (no such endpoint), 501. Anything else (5xx, network) is a real failure.
 */
export const PIT_REFUSAL_STATUSES: readonly number[] = [400, 403, 404, 405, 501]

function statusOf(e: unknown): number | undefined {
  if (!isBackendRequestError(e)) return undefined
  const f = e.failure
  return f.kind === 'forbidden' ? 403 : f.kind === 'http' || f.kind === 'backendError' ? f.status : undefined
}

export function isPitRefusal(e: unknown): boolean {
  const status = statusOf(e)
  return status !== undefined && PIT_REFUSAL_STATUSES.includes(status)
}

/** A search in a PIT that has expired (or was lost with a node): ES's 404 `search_context_missing_exception`. */
export function isPitGone(e: unknown): boolean {
  return statusOf(e) === 404
}

/**
 * A store that has too many PITs open: OpenSearch answers opening one with 429
 * `rejected_execution_exception` beyond `search.max_open_pit_context` (300 by default, every
 * user's queries together, each PIT living its keep-alive). Not a refusal for good: that query
 * pages by plain `search_after`, the next one tries again.
 */
export function isPitCapacity(e: unknown): boolean {
  return isBackendRequestError(e) && e.failure.kind === 'rateLimited'
}

/**
 * OpenSearch 2.19 opening a PIT on a pattern that matches no index yet (a fresh install before
 * its first daily index): 400 `illegal_argument_exception` "invalid id: [null]" from a null
 * pointer inside. Not a refusal for good: the search itself answers "no records", and the next
 * query tries a PIT again once the index exists.
 */
export function isPitOnNoIndex(e: unknown): boolean {
  return (
    isBackendRequestError(e) &&
    e.failure.kind === 'backendError' &&
    e.failure.status === 400 &&
    e.failure.errorType === 'illegal_argument_exception' &&
    /invalid id: \[null\]/.test(e.failure.message)
  )
}
