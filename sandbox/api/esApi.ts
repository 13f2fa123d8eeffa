import { EsError, illegalArgument } from '../es/esError'
import { mappingProperties } from '../es/esFields'
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

/**
 * The Elasticsearch subset the sandbox serves: `GET /` (cluster info), `GET|POST
 * <index>/_search`, `GET <index>/_mapping`. Every other path is a 400 in ES's error shape.
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
      for (const key of req.query.keys()) {
        if (!SEARCH_PARAMS.has(key)) throw illegalArgument(`request [/${target}/_search] contains unrecognized parameter: [${key}]`)
      }
      let body: unknown
      if (req.body.trim() !== '') {
        try {
          body = JSON.parse(req.body)
        } catch (e) {
          throw new EsError(400, 'x_content_parse_exception', `[1:1] Unexpected character: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
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
    if (parts.length === 2 && target !== undefined && api === '_mapping' && req.method === 'GET') {
      return json(200, resolveIndex(target, index, false) ? { [index]: { mappings: { properties: mappingProperties() } } } : {})
    }
    throw illegalArgument(`no handler found for uri [/${parts.join('/')}] and method [${req.method}] in the Traceboard sandbox (it serves GET /, <index>/_search and <index>/_mapping)`)
  } catch (e) {
    if (e instanceof EsError) return esError(e)
    throw e
  }
}

/** Stands in for "no index matched": the request is still validated. */
const emptyStore = new LogStore(1)
