import { describe, expect, it } from 'vitest'
import { checkSearchBody, type SearchBodyPolicy } from '../../gateway/policy/searchBodyPolicy'
import { checkIndexExpression, checkLogQueryParams } from '../../gateway/policy/logRoutes'

const policy: SearchBodyPolicy = {
  maxSize: 1000,
  maxWindow: 10_000,
  forbiddenFields: ['user.password', 'secret.*'],
  maskedFields: ['user.email'],
  maxPitKeepAliveMs: 300_000,
}

function reason(body: unknown, mode: 'index' | 'pit' = 'index'): string | undefined {
  const r = checkSearchBody(body, policy, mode)
  return r.ok ? undefined : r.reason
}

// The shape the app's esQueryBuilder sends (trace lookup with level aggregation).
const appBody = {
  size: 200,
  track_total_hits: 10_000,
  _source: true,
  query: { bool: { filter: [{ term: { 'trace.id': '0af7651916cd43dd8448eb211c80319c' } }, { range: { '@timestamp': { gte: 1, lte: 2, format: 'epoch_millis' } } }] } },
  post_filter: { bool: { should: [{ terms: { 'log.level': ['error', 'ERROR'] } }], minimum_should_match: 1 } },
  sort: [{ '@timestamp': { order: 'asc', numeric_type: 'date', unmapped_type: 'date' } }, { _doc: 'asc' }],
  search_after: [1, 2],
  aggs: { levels: { terms: { field: 'log.level', size: 50 } } },
}

describe('search body policy', () => {
  it("accepts the app's own search, histogram and free-text bodies", () => {
    expect(reason(appBody)).toBeUndefined()
    expect(reason({ size: 0, query: { bool: { filter: [{ simple_query_string: { query: 'timeout -debug', fields: ['message'], lenient: true } }] } },
      aggs: { histogram: { date_histogram: { field: '@timestamp', fixed_interval: '60000ms' }, aggs: { levels: { terms: { field: 'log.level' } } } } } })).toBeUndefined()
    expect(reason(undefined)).toBeUndefined()
  })

  it('lets a masked field be matched exactly (business-field search) but not read raw', () => {
    expect(reason({ query: { term: { 'user.email': 'a@example.com' } } })).toBeUndefined()
    expect(reason({ aggs: { who: { terms: { field: 'user.email' } } } })).toMatch(/aggregations.*user\.email/)
    expect(reason({ aggs: { who: { terms: { field: 'user.email.keyword' } } } })).toMatch(/protected/)
    expect(reason({ sort: [{ 'user.email': 'asc' }] })).toMatch(/sort/)
    expect(reason({ docvalue_fields: ['user.email'] })).toMatch(/docvalue_fields/)
    expect(reason({ fields: [{ field: 'user.e*' }] })).toMatch(/fields would return/)
    expect(reason({ stored_fields: ['*'] })).toMatch(/stored_fields/)
    expect(reason({ collapse: { field: 'user.email' } })).toMatch(/collapse/)
    expect(reason({ highlight: { fields: { 'user.email': {} } } })).toMatch(/highlight/)
  })

  it.each([
    ['prefix', { query: { prefix: { 'user.email': 'a' } } }],
    ['wildcard', { query: { bool: { filter: [{ wildcard: { 'user.email': { value: 'a*' } } }] } } }],
    ['regexp', { query: { regexp: { 'user.email': 'a.*' } } }],
    ['fuzzy', { query: { fuzzy: { 'user.email': 'a' } } }],
    ['simple_query_string over it', { query: { simple_query_string: { query: 'a*', fields: ['message', 'user.email^2'] } } }],
    ['simple_query_string over all fields', { query: { simple_query_string: { query: 'a*' } } }],
  ])('refuses value-probing queries on protected fields: %s', (_name, body) => {
    expect(reason(body)).toBeDefined()
  })

  it.each([
    ['script query', { query: { script: { script: { source: 'true' } } } }],
    ['script_fields', { script_fields: { x: { script: 'doc.x' } } }],
    ['runtime_mappings', { runtime_mappings: { x: { type: 'keyword', script: 'emit(1)' } } }],
    ['script inside an aggregation', { aggs: { a: { terms: { script: { source: 'x' } } } } }],
    ['scripted_metric', { aggs: { a: { scripted_metric: { map_script: 'x' } } } }],
    ['bucket_script', { aggs: { a: { bucket_script: { buckets_path: {}, script: 'x' } } } }],
    ['script sort', { sort: [{ _script: { type: 'number', script: 'x' } }] }],
    ['script_score', { query: { script_score: { query: { match_all: {} }, script: { source: '1' } } } }],
    ['query_string at the top', { query: { query_string: { query: 'password:*' } } }],
    ['query_string deep inside', { query: { bool: { must: [{ bool: { should: [{ query_string: { query: 'x' } }] } }] } } }],
    ['terms lookup into another index', { query: { terms: { 'user.id': { index: 'users', id: '1', path: 'ids' } } } }],
    ['percolate', { query: { percolate: { field: 'q', index: 'other', id: '1' } } }],
    ['more_like_this', { query: { more_like_this: { like: [{ _index: 'other', _id: '1' }] } } }],
    ['top_hits', { aggs: { a: { top_hits: { size: 1 } } } }],
    ['inner_hits', { query: { nested: { path: 'x', query: { match_all: {} }, inner_hits: {} } } }],
  ])('refuses %s', (_name, body) => {
    expect(reason(body)).toMatch(/not allowed/)
  })

  it.each([
    ['_source include', { _source: ['user.password'] }],
    ['_source include of the parent object', { _source: { includes: ['user'] } }],
    ['_source wildcard include', { _source: 'secret.*' }],
    ['term query', { query: { term: { 'user.password': 'x' } } }],
    ['exists query', { query: { exists: { field: 'secret.token' } } }],
    ['fields wildcard', { fields: ['*'] }],
  ])('refuses forbidden fields: %s', (_name, body) => {
    expect(reason(body)).toMatch(/forbidden/)
  })

  it('caps size and refuses deep paging', () => {
    expect(reason({ size: 1000 })).toBeUndefined()
    expect(reason({ size: 1001 })).toMatch(/size 1001/)
    expect(reason({ size: -1 })).toMatch(/size/)
    expect(reason({ size: '10' })).toMatch(/size/)
    expect(reason({ from: 9500, size: 500 })).toBeUndefined()
    expect(reason({ from: 9501, size: 500 })).toMatch(/search_after/)
    expect(reason({ from: 10_000 })).toMatch(/search_after/)
  })

  it('refuses unknown top-level keys and non-object bodies', () => {
    expect(reason({ suggest: { s: { text: 'a', term: { field: 'message' } } } })).toMatch(/"suggest" is not allowed/)
    expect(reason({ profile: true })).toMatch(/not allowed/)
    expect(reason([appBody])).toMatch(/JSON object/)
    expect(reason('{"size":1}')).toMatch(/JSON object/)
  })

  it('refuses absurdly nested bodies without overflowing the stack', () => {
    let q: Record<string, unknown> = { match_all: {} }
    for (let i = 0; i < 100_000; i++) q = { bool: { must: [q] } }
    expect(reason({ query: q })).toMatch(/nested too deeply/)
  })

  it('needs a pit id for an index-less search and refuses one on an index search', () => {
    expect(reason({ size: 10 }, 'pit')).toMatch(/pit\.id/)
    const ok = checkSearchBody({ pit: { id: 'abc', keep_alive: '1m' }, size: 10 }, policy, 'pit')
    expect(ok).toMatchObject({ ok: true, pitId: 'abc' })
    expect(reason({ pit: { id: 'abc', keep_alive: '2h' } }, 'pit')).toMatch(/keep_alive/)
    expect(reason({ pit: { id: 'abc' } }, 'index')).toMatch(/must not name an index/)
  })
})

describe('index expressions and query parameters', () => {
  const allowed = ['logs-*', 'audit-app']

  it('accepts targets inside the allowed patterns, exclusions included', () => {
    expect(checkIndexExpression('logs-*', allowed)).toBeUndefined()
    expect(checkIndexExpression('logs-app-2026.01.01', allowed)).toBeUndefined()
    expect(checkIndexExpression('logs-app-*,audit-app,-logs-old', allowed)).toBeUndefined()
  })

  it.each(['*', 'log*', 'logs-*,secrets', '.security', '_all', 'remote:logs-*', '<logs-{now/d}>', '-logs-old', 'LOGS-*', 'audit-*'])(
    'refuses %s',
    (expr) => {
      expect(checkIndexExpression(expr, allowed)).toBeDefined()
    },
  )

  it('refuses Lucene `q`, scroll and every parameter that is not on the list', () => {
    expect(checkLogQueryParams('search', new URLSearchParams('typed_keys=true&ignore_unavailable=true'))).toBeUndefined()
    for (const bad of ['q=password:*', 'scroll=1m', '_source=user.password', 'size=100000', 'search_type=dfs_query_then_fetch', 'typed_keys=true&typed_keys=false', 'timeout=1s%0d%0a']) {
      expect(checkLogQueryParams('search', new URLSearchParams(bad))).toBeDefined()
    }
  })
})
