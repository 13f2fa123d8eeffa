import { describe, expect, it } from 'vitest'
import { detectMappingPreset } from '@/domain/logs/detectMappingPreset'
import { handleElasticsearch } from '../../sandbox/api/esApi'
import { EsError } from '../../sandbox/es/esError'
import { esSearch } from '../../sandbox/es/esSearch'
import { tokenize } from '../../sandbox/es/esText'
import { LOG_INDEX, toLogDocument } from '../../sandbox/logs/logDocument'
import type { PlannedLog } from '../../sandbox/model/requestPlan'
import type { ServiceName } from '../../sandbox/model/topology'
import { LogStore } from '../../sandbox/store/logStore'

const BASE = Date.UTC(2026, 10, 20, 12, 0, 0)
const NOW = BASE + 60_000
const TRACE_A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const TRACE_B = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

function add(store: LogStore, dt: number, service: ServiceName, traceId: string, tenant: string, entry: Omit<PlannedLog, 'timeMs'>): void {
  const timeMs = BASE + dt
  store.add(timeMs, toLogDocument({ timeMs, ...entry }, { service, traceId, spanId: '00000000000000' + String(dt % 100).padStart(2, '0'), tenantId: tenant, customerId: `${tenant}-c-1` }))
}

const store = new LogStore(100)
add(store, 0, 'api-gateway', TRACE_A, 'acme', { level: 'INFO', logger: 'AccessLog', message: '"GET /api/orders HTTP/1.1" 200 12 ms', fields: { 'http.response.status_code': 200 } })
add(store, 1000, 'auth-service', TRACE_A, 'acme', { level: 'WARN', logger: 'com.acme.auth.keys.JwksCache', message: 'JWKS cache miss for kid=acme-2026-11: fetching signing keys' })
add(store, 1000, 'business-service', TRACE_B, 'globex', {
  level: 'ERROR',
  logger: 'com.acme.business.order.OrderService',
  message: 'failed to load orders of tenant globex',
  error: { type: 'org.springframework.jdbc.BadSqlGrammarException', message: 'bad SQL grammar', stackTrace: 'BadSqlGrammarException: bad SQL grammar\n\tat com.acme.Foo.bar(Foo.java:1)' },
})
add(store, 2000, 'api-gateway', TRACE_B, 'globex', { level: 'ERROR', logger: 'AccessLog', message: '"GET /api/orders HTTP/1.1" 500 30 ms', fields: { 'http.response.status_code': 500 } })
add(store, 3500, 'business-service', TRACE_A, 'acme', { level: 'DEBUG', logger: 'CustomerCache', message: 'cache hit customer:acme-c-1' })

const search = (body: unknown, params: Record<string, string> = {}) =>
  esSearch(body, new URLSearchParams(params), { store, index: LOG_INDEX, nowMs: NOW }) as {
    hits: { total?: { value: number; relation: string } | number; max_score: number | null; hits: { _id: string; _source?: Record<string, unknown>; sort?: unknown[] }[] }
    aggregations?: Record<string, { buckets: { key: unknown; doc_count: number; [sub: string]: unknown }[]; sum_other_doc_count?: number }>
  }
const messages = (body: unknown) =>
  search({ size: 100, sort: [{ '@timestamp': 'asc' }, { _doc: 'asc' }], ...(body as object) }).hits.hits.map((h) => h._source?.message)
const filter = (...clauses: unknown[]) => messages({ query: { bool: { filter: clauses } } })

function esError(body: unknown, params: Record<string, string> = {}): EsError {
  try {
    search(body, params)
  } catch (e) {
    if (e instanceof EsError) return e
    throw e
  }
  throw new Error('expected an ES error')
}

describe('sandbox Elasticsearch: queries', () => {
  it('term matches keyword fields exactly, text fields by analysed token', () => {
    expect(filter({ term: { 'trace.id': TRACE_B } })).toHaveLength(2)
    expect(filter({ term: { 'log.level': 'error' } })).toHaveLength(0)
    expect(filter({ term: { 'log.level': { value: 'error', case_insensitive: true } } })).toHaveLength(2)
    expect(filter({ term: { message: 'jwks' } })).toEqual(['JWKS cache miss for kid=acme-2026-11: fetching signing keys'])
    expect(filter({ term: { message: 'JWKS' } })).toHaveLength(0)
    expect(filter({ term: { 'http.response.status_code': '500' } })).toHaveLength(1)
  })

  it('terms, exists and ids', () => {
    expect(filter({ terms: { 'log.level': ['WARN', 'ERROR'] } })).toHaveLength(3)
    expect(filter({ exists: { field: 'error.stack_trace' } })).toEqual(['failed to load orders of tenant globex'])
    const first = search({ size: 1, sort: ['_doc'] }).hits.hits[0]?._id ?? ''
    expect(search({ query: { ids: { values: [first] } } }).hits.hits.map((h) => h._id)).toEqual([first])
  })

  it('range on @timestamp with epoch_millis, ISO-8601 and date math, and on numbers', () => {
    expect(filter({ range: { '@timestamp': { gte: BASE + 1000, lte: BASE + 2000, format: 'epoch_millis' } } })).toHaveLength(3)
    expect(filter({ range: { '@timestamp': { gt: new Date(BASE + 1000).toISOString() } } })).toHaveLength(2)
    expect(filter({ range: { '@timestamp': { gte: 'now-58s' } } })).toHaveLength(2)
    expect(filter({ range: { 'http.response.status_code': { gte: 500 } } })).toHaveLength(1)
  })

  it('bool filter / must / must_not / should with minimum_should_match', () => {
    expect(filter({ term: { 'service.name': 'api-gateway' } }, { bool: { must_not: [{ term: { 'log.level': 'INFO' } }] } })).toEqual([
      '"GET /api/orders HTTP/1.1" 500 30 ms',
    ])
    const should = { bool: { should: [{ term: { 'log.level': 'WARN' } }, { term: { 'log.level': 'DEBUG' } }] } }
    expect(messages({ query: should })).toHaveLength(2)
    expect(messages({ query: { bool: { must: [{ term: { 'tenant.id': 'acme' } }], should: should.bool.should } } })).toHaveLength(3)
    expect(messages({ query: { bool: { must: [{ term: { 'tenant.id': 'acme' } }], should: should.bool.should, minimum_should_match: 1 } } })).toHaveLength(2)
  })

  it('simple_query_string: and/or, negation, phrases, prefixes, and never an exception', () => {
    const sqs = (query: string, op = 'and') => filter({ simple_query_string: { query, fields: ['message'], default_operator: op, lenient: true } })
    expect(sqs('cache miss')).toHaveLength(1)
    expect(sqs('cache miss', 'or')).toHaveLength(2)
    expect(sqs('cache -miss')).toEqual(['cache hit customer:acme-c-1'])
    expect(sqs('"load orders"')).toHaveLength(1)
    expect(sqs('"orders load"')).toHaveLength(0)
    expect(sqs('JWK*')).toHaveLength(1)
    expect(sqs('globex | jwks')).toHaveLength(2)
    expect(() => sqs('"unclosed ((( - | +')).not.toThrow()
    expect(sqs('   ')).toHaveLength(0)
  })

  // Each checked against a real OpenSearch 2.19 (tests/integration/real/logBackend.test.ts).
  it('tokenizes as the standard analyzer: `:` joins letters, `.`/`,` join digits, ideographs stand alone', () => {
    expect(tokenize('cache hit customer:acme-c-1 at 12:30:45')).toEqual(['cache', 'hit', 'customer:acme', 'c', '1', 'at', '12', '30', '45'])
    expect(tokenize('v1.2.3 abc.123 1,000,000.5 a,b com.acme.Auth o\'neil foo_bar')).toEqual(['v1.2.3', 'abc', '123', '1,000,000.5', 'a', 'b', 'com.acme.auth', 'o\'neil', 'foo_bar'])
    expect(tokenize('東京 カタカナ 한국어')).toEqual(['東', '京', 'カタカナ', '한국어'])
    const sqs = (query: string) => filter({ simple_query_string: { query, fields: ['message'], default_operator: 'and' } })
    expect(sqs('acme')).toEqual(['JWKS cache miss for kid=acme-2026-11: fetching signing keys'])
    expect(sqs('customer:acme')).toEqual(['cache hit customer:acme-c-1'])
  })

  it('matches a prefix term unanalysed, as ES does without analyze_wildcard', () => {
    const sqs = (query: string) => filter({ simple_query_string: { query, fields: ['message'], default_operator: 'and' } })
    expect(sqs('kid=acme*')).toEqual([])
    expect(sqs('fetch*')).toHaveLength(1)
    expect(() => filter({ simple_query_string: { query: 'x*', fields: ['message'], analyze_wildcard: true } })).toThrow(EsError)
  })
})

describe('sandbox Elasticsearch: sorting and paging', () => {
  it('sorts by @timestamp then _doc and returns the sort values (epoch ms, doc number)', () => {
    const res = search({ size: 10, sort: [{ '@timestamp': { order: 'desc', numeric_type: 'date', unmapped_type: 'date' } }, { _doc: 'asc' }] })
    expect(res.hits.max_score).toBeNull()
    expect(res.hits.hits[0]?.sort).toEqual([BASE + 3500, 4])
    expect(res.hits.hits.map((h) => h.sort?.[0])).toEqual([BASE + 3500, BASE + 2000, BASE + 1000, BASE + 1000, BASE])
  })

  it('keeps @timestamp to whole milliseconds, as a date field does: ties of one millisecond sort by _doc', () => {
    const fine = new LogStore(10)
    fine.add(BASE + 0.9, { '@timestamp': new Date(BASE + 0.9).toISOString(), message: 'first written' })
    fine.add(BASE + 0.1, { '@timestamp': new Date(BASE + 0.1).toISOString(), message: 'second written' })
    const res = esSearch({ sort: [{ '@timestamp': 'asc' }, { _doc: 'asc' }] }, new URLSearchParams(), { store: fine, index: LOG_INDEX, nowMs: NOW }) as {
      hits: { hits: { _source?: Record<string, unknown>; sort?: unknown[] }[] }
    }
    expect(res.hits.hits.map((h) => [h._source?.message, h.sort])).toEqual([['first written', [BASE, 0]], ['second written', [BASE, 1]]])
  })

  it('pages with search_after through every record exactly once, ties included', () => {
    const seen: string[] = []
    let after: unknown[] | undefined
    for (let page = 0; page < 10; page++) {
      const res = search({ size: 2, sort: [{ '@timestamp': 'asc' }, { _doc: 'asc' }], ...(after ? { search_after: after } : {}) })
      if (res.hits.hits.length === 0) break
      seen.push(...res.hits.hits.map((h) => h._id))
      after = res.hits.hits[res.hits.hits.length - 1]?.sort
    }
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
  })

  it('counts totals per track_total_hits and refuses windows past 10,000', () => {
    expect(search({ size: 0 }).hits.total).toEqual({ value: 5, relation: 'eq' })
    expect(search({ size: 0, track_total_hits: 2 }).hits.total).toEqual({ value: 2, relation: 'gte' })
    expect(search({ size: 0, track_total_hits: false }).hits.total).toBeUndefined()
    expect(search({ size: 0 }, { rest_total_hits_as_int: 'true' }).hits.total).toBe(5)
    expect(search({ size: 2, from: 1, sort: ['_doc'] }).hits.hits).toHaveLength(2)
    expect(esError({ size: 10, from: 9995 }).type).toBe('illegal_argument_exception')
    expect(esError({ size: 1, sort: ['_doc'], search_after: [1, 2] }).reason).toMatch(/search_after has 2 value/)
  })

  it('filters _source', () => {
    const res = search({ size: 1, sort: ['_doc'], _source: ['trace.id', 'log.*'] })
    expect(res.hits.hits[0]?._source).toEqual({ log: { level: 'INFO', logger: 'AccessLog' }, trace: { id: TRACE_A } })
    expect(search({ size: 1, _source: false }).hits.hits[0]?._source).toBeUndefined()
  })
})

describe('sandbox Elasticsearch: aggregations', () => {
  it('counts levels with a terms aggregation; post_filter narrows hits but not the aggregation', () => {
    const res = search({
      size: 10,
      query: { bool: { filter: [{ term: { 'tenant.id': 'acme' } }] } },
      post_filter: { term: { 'log.level': 'WARN' } },
      aggs: { levels: { terms: { field: 'log.level', size: 50 } } },
    })
    expect(res.hits.hits).toHaveLength(1)
    expect(res.aggregations?.levels?.buckets).toEqual([
      { key: 'DEBUG', doc_count: 1 },
      { key: 'INFO', doc_count: 1 },
      { key: 'WARN', doc_count: 1 },
    ])
  })

  it('buckets by date_histogram with empty buckets up to extended_bounds and level sub-aggregations', () => {
    const res = search({
      size: 0,
      aggs: {
        histogram: {
          date_histogram: { field: '@timestamp', fixed_interval: '1000ms', min_doc_count: 0, extended_bounds: { min: BASE - 1000, max: BASE + 5000 } },
          aggs: { levels: { terms: { field: 'log.level', size: 50 } } },
        },
      },
    })
    const buckets = res.aggregations?.histogram?.buckets ?? []
    expect(buckets.map((b) => b.key)).toEqual([-1, 0, 1, 2, 3, 4, 5].map((k) => BASE + k * 1000))
    expect(buckets.map((b) => b.doc_count)).toEqual([0, 1, 2, 1, 1, 0, 0])
    expect(buckets[2]?.levels).toMatchObject({ buckets: [{ key: 'ERROR', doc_count: 1 }, { key: 'WARN', doc_count: 1 }] })
    expect(buckets[0]?.key_as_string).toBe(new Date(BASE - 1000).toISOString())
  })
})

describe('sandbox Elasticsearch: what it refuses, in ES’s own error shape', () => {
  const call = (body: unknown, path = `/${LOG_INDEX}/_search`, query = '') =>
    handleElasticsearch({ method: 'POST', path, query: new URLSearchParams(query), body: JSON.stringify(body) }, store, LOG_INDEX, NOW)
  const errorOf = (r: { status: number; body: string }) => {
    const body = JSON.parse(r.body) as { status: number; error: { type: string; reason: string; root_cause: { type: string }[] } }
    expect(body.status).toBe(r.status)
    expect(body.error.root_cause[0]?.type).toBe(body.error.type)
    return body.error
  }

  it.each([
    ['query_string (never sent by Traceboard: its syntax throws and reaches any field)', { query: { query_string: { query: 'a:b' } } }, 'parsing_exception'],
    ['match', { query: { match: { message: 'orders' } } }, 'parsing_exception'],
    ['an unknown query', { query: { frobnicate: {} } }, 'parsing_exception'],
    ['two queries in one clause', { query: { term: { 'log.level': 'INFO' }, exists: { field: 'x' } } }, 'parsing_exception'],
    ['highlight', { highlight: { fields: { message: {} } } }, 'x_content_parse_exception'],
    ['an unknown body key', { frobnicate: 1 }, 'x_content_parse_exception'],
    ['an avg aggregation', { aggs: { a: { avg: { field: 'http.response.status_code' } } } }, 'parsing_exception'],
    ['a terms aggregation on a text field', { aggs: { a: { terms: { field: 'message' } } } }, 'illegal_argument_exception'],
    ['sorting on an unmapped field', { sort: [{ nope: 'asc' }] }, 'query_shard_exception'],
  ])('answers 400 to %s', (_what, body, type) => {
    const r = call(body)
    expect(r.status).toBe(400)
    expect(errorOf(r).type).toBe(type)
  })

  it('answers 400 to unknown URL parameters and malformed JSON, 404 to a missing index', () => {
    expect(errorOf(call({}, `/${LOG_INDEX}/_search`, 'q=message:x')).type).toBe('illegal_argument_exception')
    const bad = handleElasticsearch({ method: 'POST', path: `/${LOG_INDEX}/_search`, query: new URLSearchParams(), body: '{"query": ' }, store, LOG_INDEX, NOW)
    expect(bad.status).toBe(400)
    const missing = call({}, '/other-index/_search')
    expect(missing.status).toBe(404)
    expect(errorOf(missing).type).toBe('index_not_found_exception')
  })

  it('searches index patterns and answers an empty result for a wildcard that matches nothing', () => {
    expect(JSON.parse(call({ size: 0 }, '/logs-*/_search').body).hits.total.value).toBe(5)
    expect(JSON.parse(call({ size: 0 }, '/logs-*,-logs-sandbox/_search').body).hits.total.value).toBe(0)
    expect(JSON.parse(call({ size: 0 }, '/metrics-*/_search').body).hits.total.value).toBe(0)
  })

  it('serves a _mapping that Traceboard’s detector reads as ECS with keyword trace ids', () => {
    const r = handleElasticsearch({ method: 'GET', path: '/logs-*/_mapping', query: new URLSearchParams(), body: '' }, store, LOG_INDEX, NOW)
    const detection = detectMappingPreset(JSON.parse(r.body))
    expect(detection.preset).toBe('ecs')
    expect(detection.traceIdField).toMatchObject({ path: 'trace.id', type: 'keyword', queryField: 'trace.id' })
  })
})
