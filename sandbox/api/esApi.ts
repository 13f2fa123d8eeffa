import { EsError, illegalArgument } from '../es/esError'
import { mappingProperties } from '../es/esFields'
import { parseKeepAlive, PitRegistry } from '../es/esPointInTime'
import { esSearch } from '../es/esSearch'
import { LogStore } from '../store/logStore'
import { json, segments, type ApiRequest, type ApiResponse } from './apiTypes'

const SEARCH_PARAMS = new Set([
  'size', 'from', 'track_total_hits', 'rest_total_hits_as_int', 'ignore_unavailable', 'allow_no_indices',
  'expand_wildcards', 'pretty', 'error_trace', 'timeout', 'request_cache', 'preference', 'human',
])

function esError(e: EsError): ApiResponse {
  return json(e.status, e.toBody())
}

/**
 * Resolves an index expression (`logs-*`, `a,b`, `-excluded`, `_all`) against the one index
 * the sandbox has. A concrete name that does not exist is ES's 404 `index_not_found_exception`;
 * a wildcard matching nothing is simply empty.
 */
export function resolveIndex(expression: string, index: string, ignoreUnavailable: boolean): boolean {
  let matched = false
  for (const raw of expression.split(',')) {
    const exclude = raw.startsWith('-')
    const name = exclude ? raw.slice(1) : raw
    const pattern = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name
    const wildcard = pattern === '_all' || pattern.includes('*')
    const re = new RegExp(`^${(pattern === '_all' ? '*' : pattern).split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
    const hit = re.test(index)
    if (exclude) {
      if (hit) matched = false
      continue
    }
    if (hit) matched = true
    else if (!wildcard && !ignoreUnavailable) {
      throw new EsError(404, 'index_not_found_exception', `no such index [${pattern}]`, {
        'resource.type': 'index_or_alias',
        'resource.id': pattern,
        index_uuid: '_na_',
        index: pattern,
      })
    }
  }
  return matched
}

/** One registry of points-in-time per log store (the server has one store). */
const pitsByStore = new WeakMap<LogStore, PitRegistry>()
function pitsOf(store: LogStore): PitRegistry {
  let pits = pitsByStore.get(store)
  if (!pits) pitsByStore.set(store, (pits = new PitRegistry()))
  return pits
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new EsError(400, 'x_content_parse_exception', `[1:1] Unexpected character: ${e instanceof Error ? e.message : String(e)}`)
  }
}

function checkSearchParams(path: string, query: URLSearchParams): void {
  for (const key of query.keys()) {
    if (!SEARCH_PARAMS.has(key)) throw illegalArgument(`request [${path}] contains unrecognized parameter: [${key}]`)
  }
}

/** `pit: {id, keep_alive?}` of an index-less search, as ES validates it. */
function readPit(body: unknown): { id: string; keepAlive: string | undefined } {
  const pit = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).pit : undefined
  if (typeof pit !== 'object' || pit === null || Array.isArray(pit)) throw illegalArgument('[pit] is required for a search without an index in the Traceboard sandbox')
  const { id, keep_alive: keepAlive } = pit as Record<string, unknown>
  if (typeof id !== 'string' || id === '') throw new EsError(400, 'parsing_exception', '[pit] requires [id]', { line: 1, col: 1 })
  if (keepAlive !== undefined && typeof keepAlive !== 'string') throw illegalArgument('[pit.keep_alive] must be a time value')
  return { id, keepAlive }
}

/**
 * The Elasticsearch subset the sandbox serves: `GET /` (cluster info), `GET|POST
 * <index>/_search`, `GET <index>/_mapping`, and point-in-time paging (`POST <index>/_pit`,
 * `POST /_search` with `pit`, `DELETE /_pit`). Every other path is a 400 in ES's error shape.
 */
export function handleElasticsearch(req: ApiRequest, store: LogStore, index: string, nowMs: number): ApiResponse {
  try {
    const parts = segments(req.path)
    if (!parts) throw illegalArgument(`invalid path [${req.path}]`)
    if (parts.length === 0 && (req.method === 'GET' || req.method === 'HEAD')) {
      return json(200, {
        name: 'traceboard-sandbox',
        cluster_name: 'sandbox',
        cluster_uuid: 'sandbox',
        version: { number: '8.15.0', build_flavor: 'default', lucene_version: '9.11.1', minimum_wire_compatibility_version: '7.17.0' },
        tagline: 'You Know, for Search',
      })
    }
    const [target, api] = parts
    if (parts.length === 2 && target !== undefined && api === '_search' && (req.method === 'GET' || req.method === 'POST')) {
      checkSearchParams(`/${target}/_search`, req.query)
      const body = parseBody(req.body)
      const matched = resolveIndex(target, index, req.query.get('ignore_unavailable') === 'true')
      if (!matched) {
        // Validate the request anyway, then answer an empty result as ES does for no indices.
        esSearch(body, req.query, { store: emptyStore, index, nowMs })
        return json(200, {
          took: 0,
          timed_out: false,
          _shards: { total: 0, successful: 0, skipped: 0, failed: 0 },
          hits: { total: { value: 0, relation: 'eq' }, max_score: null, hits: [] },
        })
      }
      return json(200, esSearch(body, req.query, { store, index, nowMs }))
    }
    if (parts.length === 2 && target !== undefined && api === '_pit' && req.method === 'POST') {
      if (!req.query.has('keep_alive')) throw new EsError(400, 'action_request_validation_exception', 'Validation Failed: 1: [keep_alive] is not specified;')
      const keepAliveMs = parseKeepAlive(req.query.get('keep_alive'))
      const matched = resolveIndex(target, index, req.query.get('ignore_unavailable') === 'true')
      const id = pitsOf(store).open(matched ? store.all() : [], keepAliveMs, nowMs)
      return json(200, { id, _shards: { total: matched ? 1 : 0, successful: matched ? 1 : 0, skipped: 0, failed: 0 } })
    }
    if (parts.length === 1 && parts[0] === '_search' && (req.method === 'GET' || req.method === 'POST')) {
      checkSearchParams('/_search', req.query)
      const body = parseBody(req.body)
      const pit = readPit(body)
      const keepAliveMs = pit.keepAlive === undefined ? undefined : parseKeepAlive(pit.keepAlive, 'pit.keep_alive')
      const docs = pitsOf(store).search(pit.id, keepAliveMs, nowMs)
      return json(200, esSearch(body, req.query, { store: { all: () => docs }, index, nowMs, pitId: pit.id }))
    }
    if (parts.length === 1 && parts[0] === '_pit' && req.method === 'DELETE') {
      const { id } = readPit({ pit: parseBody(req.body) })
      const freed = pitsOf(store).close(id)
      return json(freed ? 200 : 404, { succeeded: freed, num_freed: freed ? 1 : 0 })
    }
    if (parts.length === 2 && target !== undefined && api === '_mapping' && req.method === 'GET') {
      return json(200, resolveIndex(target, index, false) ? { [index]: { mappings: { properties: mappingProperties() } } } : {})
    }
    throw illegalArgument(`no handler found for uri [/${parts.join('/')}] and method [${req.method}] in the Traceboard sandbox (it serves GET /, <index>/_search, <index>/_mapping, <index>/_pit and /_search by point-in-time)`)
  } catch (e) {
    if (e instanceof EsError) return esError(e)
    throw e
  }
}

/** Stands in for "no index matched": the request is still validated. */
const emptyStore = new LogStore(1)
