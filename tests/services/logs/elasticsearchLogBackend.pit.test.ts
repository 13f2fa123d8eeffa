import { describe, expect, it } from 'vitest'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { bodyOf, useFakeElasticsearch, emptySearchResponse, type FakeReply, type SeenRequest } from './support/fakeElasticsearch'
import { contractDoc, searchResponse } from './support/searchResponses'

const TRACE = '0102030405060708090a0b0c0d0e0f10'
const RANGE = { fromMs: 1710273600000, toMs: 1710277200000 }
const DOCS = [contractDoc('ecs'), contractDoc('ecs')]

const fake = useFakeElasticsearch(() => ({ body: emptySearchResponse() }))

/** Elasticsearch's error envelope, as a refusal of the point-in-time API comes. */
function esError(status: number, type: string, reason: string): FakeReply {
  return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } }
}

/** A store with point-in-time: opening answers `open`, searches answer pages of DOCS with a fresh PIT id each. */
function withPit(open: FakeReply) {
  let page = 0
  return (req: SeenRequest): FakeReply => {
    if (req.url.includes('_pit') || req.url.includes('point_in_time')) return open
    page++
    const body = searchResponse(DOCS, { offset: (page - 1) * 2 })
    return { body: req.url === '/_search' ? { ...body, pit_id: `pit-${page}` } : body }
  }
}

describe('point-in-time paging', () => {
  it('Elasticsearch: opens a PIT on the index pattern, searches it without an index, _shard_doc tiebreaker, latest PIT id kept', async () => {
    fake.es.reply(withPit({ body: { id: 'pit-0', _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } } }))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    const first = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2 })
    expect(fake.es.requests[0]).toMatchObject({ method: 'POST', url: '/logs-*/_pit?keep_alive=2m', body: undefined })
    expect(fake.es.requests[1]).toMatchObject({ method: 'POST', url: '/_search' })
    const body = bodyOf(fake.es.requests[1])
    expect(body.pit).toEqual({ id: 'pit-0', keep_alive: '2m' })
    expect(body.sort).toEqual([{ '@timestamp': { order: 'asc', numeric_type: 'date', unmapped_type: 'date' } }, { _shard_doc: 'asc' }])
    expect(first.cursor).toEqual({ searchAfter: [1710273641124, 1], pitId: 'pit-1' })

    const second = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2, after: first.cursor })
    expect(fake.es.requests).toHaveLength(3)
    expect(fake.es.requests[2]?.url).toBe('/_search')
    expect(bodyOf(fake.es.requests[2])).toMatchObject({ pit: { id: 'pit-1', keep_alive: '2m' }, search_after: [1710273641124, 1] })
    expect(bodyOf(fake.es.requests[2])).not.toHaveProperty('from')
    expect(second.cursor?.pitId).toBe('pit-2')
  })

  it('OpenSearch: opens it at _search/point_in_time and keeps the _doc tiebreaker (no _shard_doc before 3.3)', async () => {
    fake.es.reply(withPit({ body: { pit_id: 'os-pit', creation_time: 1710273600000, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } } }))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'opensearch' })
    await b.searchLogs({ text: 'timeout', timeRange: RANGE, size: 2 })
    expect(fake.es.requests[0]).toMatchObject({ method: 'POST', url: '/logs-*/_search/point_in_time?keep_alive=2m' })
    const body = bodyOf(fake.es.requests[1])
    expect(fake.es.requests[1]?.url).toBe('/_search')
    expect(body.pit).toEqual({ id: 'os-pit', keep_alive: '2m' })
    expect((body.sort as unknown[])[1]).toEqual({ _doc: 'asc' })
  })

  it.each<[string, FakeReply]>([
    ['403: no privilege for the PIT API', esError(403, 'security_exception', 'action [indices:data/read/open_point_in_time] is unauthorized for user [viewer]')],
    ['400: a version without the API', esError(400, 'illegal_argument_exception', 'no handler found for uri [/logs-*/_pit]')],
    ['404', esError(404, 'index_not_found_exception', 'no such index [_pit]')],
  ])('falls back to plain search_after when opening is refused (%s), and does not ask again', async (_name, refusal) => {
    fake.es.reply(withPit(refusal))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    const first = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2 })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_pit?keep_alive=2m', '/logs-*/_search'])
    expect(bodyOf(fake.es.requests[1])).not.toHaveProperty('pit')
    expect((bodyOf(fake.es.requests[1]).sort as unknown[])[1]).toEqual({ _doc: 'asc' })
    expect(first.cursor).toEqual({ searchAfter: [1710273641124, 1] })
    await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2, after: first.cursor })
    await b.searchLogs({ timeRange: RANGE })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_pit?keep_alive=2m', '/logs-*/_search', '/logs-*/_search', '/logs-*/_search'])
  })

  it('pages one query by plain search_after when the store has too many PITs open (429), and tries again with the next', async () => {
    // OpenSearch 2.19's answer past search.max_open_pit_context (seen on a real node).
    const full = esError(429, 'rejected_execution_exception', 'Trying to create too many Point In Time contexts. Must be less than or equal to: [300]. This limit can be set by changing the [search.max_open_pit_context] setting.')
    let opens = 0
    const open = withPit({ body: { pit_id: 'os-pit' } })
    fake.es.reply((req) => (req.url.includes('point_in_time') && ++opens === 1 ? full : open(req)))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'opensearch' })
    const first = await b.searchLogs({ timeRange: RANGE, size: 2 })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_search/point_in_time?keep_alive=2m', '/logs-*/_search'])
    expect(first.cursor).toEqual({ searchAfter: [1710273641124, 1] })
    const next = await b.searchLogs({ timeRange: RANGE, size: 2 })
    expect(fake.es.requests.slice(2).map((r) => r.url)).toEqual(['/logs-*/_search/point_in_time?keep_alive=2m', '/_search'])
    expect(next.cursor?.pitId).toBeTruthy()
  })

  it('pages by plain search_after while the pattern matches no index yet (OpenSearch 400 "invalid id: [null]"), and tries a PIT again next time', async () => {
    // OpenSearch 2.19's answer to a PIT on `logs-*` before the first daily index exists (seen on a real node).
    const none = esError(400, 'illegal_argument_exception', 'invalid id: [null]')
    let opens = 0
    const open = withPit({ body: { pit_id: 'os-pit' } })
    fake.es.reply((req) => (req.url.includes('point_in_time') && ++opens === 1 ? none : open(req)))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'opensearch' })
    await b.searchLogs({ timeRange: RANGE, size: 2 })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_search/point_in_time?keep_alive=2m', '/logs-*/_search'])
    const next = await b.searchLogs({ timeRange: RANGE, size: 2 })
    expect(fake.es.requests.slice(2).map((r) => r.url)).toEqual(['/logs-*/_search/point_in_time?keep_alive=2m', '/_search'])
    expect(next.cursor?.pitId).toBeTruthy()
  })

  it('asks the first page again without PIT when searching the PIT is refused (a gateway allowing only one of both)', async () => {
    fake.es.reply((req) =>
      req.url.includes('_pit') ? { body: { id: 'pit-0' } } : req.url === '/_search' ? esError(403, 'forbidden_body', 'not allowed') : { body: searchResponse(DOCS) },
    )
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    const page = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2 })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_pit?keep_alive=2m', '/_search', '/logs-*/_search'])
    expect(page.records).toHaveLength(2)
    expect(page.cursor).toEqual({ searchAfter: [1710273641124, 1] })
  })

  it('continues in a new PIT from the last record\'s time when the cursor\'s PIT has expired', async () => {
    let opened = 0
    fake.es.reply((req) => {
      if (req.url.includes('_pit')) return { body: { id: `pit-open-${++opened}` } }
      const pit = (bodyOf(req).pit as { id: string } | undefined)?.id
      if (pit === 'pit-old') return esError(404, 'search_context_missing_exception', 'No search context found for id [pit-old]')
      return { body: { ...searchResponse(DOCS, { offset: 2 }), pit_id: pit } }
    })
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    const next = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2, after: { searchAfter: [1710273641124, 4294967297], pitId: 'pit-old' } })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/_search', '/logs-*/_pit?keep_alive=2m', '/_search'])
    expect(bodyOf(fake.es.requests[2])).toMatchObject({ pit: { id: 'pit-open-1' }, search_after: [1710273641124, -1] })
    expect(next.records).toHaveLength(2)
    expect(next.cursor?.pitId).toBe('pit-open-1')
  })

  it('reports a backend that is down instead of hiding it behind the fallback', async () => {
    fake.es.reply(esError(503, 'cluster_block_exception', 'blocked by: [SERVICE_UNAVAILABLE/1/state not recovered]'))
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })
    await expect(b.logsForTrace(TRACE, { timeRange: RANGE })).rejects.toMatchObject({ failure: { status: 503 } })
    expect(fake.es.requests).toHaveLength(1)
  })

  it('can be switched off', async () => {
    const b = createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', pointInTime: false })
    await b.logsForTrace(TRACE, { timeRange: RANGE })
    expect(fake.es.requests.map((r) => r.url)).toEqual(['/logs-*/_search'])
  })
})
