import { describe, expect, it } from 'vitest'
import type { LogMappingConfig } from '@/domain/logs/mappingPresets'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { bodyOf, useFakeElasticsearch, emptySearchResponse } from './support/fakeElasticsearch'
import { contractDoc, searchResponse } from './support/searchResponses'

const TRACE = '0102030405060708090a0b0c0d0e0f10'
const RANGE = { fromMs: 1710273600000, toMs: 1710277200000 }

const fake = useFakeElasticsearch(() => ({ body: emptySearchResponse() }))

/** Plain `search_after` paging: point-in-time paging has its own tests (….pit.test.ts). */
function backend(mapping: LogMappingConfig = 'ecs', indexPattern = 'logs-*') {
  return createElasticsearchLogBackend(fake.es.client(), { indexPattern, mapping, pointInTime: false })
}

describe('logsForTrace request', () => {
  it.each<[LogMappingConfig, string, string]>([
    ['ecs', 'trace.id', '@timestamp'],
    ['otel', 'trace_id', '@timestamp'],
    ['spring-logstash', 'traceId.keyword', '@timestamp'],
    ['otel-raw', 'TraceId', '@timestamp'],
    [{ query: { traceId: 'labels.trace_id', timestamp: 'event.created' } }, 'labels.trace_id', 'event.created'],
  ])('%j: POST /logs-*/_search with a term on %s, a range and an ascending sort', async (mapping, traceField, tsField) => {
    const page = await backend(mapping).logsForTrace(TRACE, { timeRange: RANGE })
    expect(fake.es.requests).toHaveLength(1)
    const req = fake.es.requests[0]
    expect(req?.method).toBe('POST')
    expect(req?.url).toBe('/logs-*/_search')
    expect(bodyOf(req)).toEqual({
      size: 200,
      track_total_hits: 10000,
      _source: true,
      query: {
        bool: {
          filter: [
            { term: { [traceField]: TRACE } },
            { range: { [tsField]: { gte: RANGE.fromMs, lte: RANGE.toMs, format: 'epoch_millis' } } },
          ],
        },
      },
      sort: [{ [tsField]: { order: 'asc', numeric_type: 'date', unmapped_type: 'date' } }, { _doc: 'asc' }],
      aggs: { levels: { terms: { field: expect.any(String), size: 50 } } },
    })
    expect(page.queriedField).toBe(traceField)
  })

  it('looks a 64-bit id up in both its 16- and 32-digit forms', async () => {
    await backend().logsForTrace('A1B2C3D4E5F60718')
    const filter = (bodyOf(fake.es.requests[0]).query as { bool: { filter: unknown[] } }).bool.filter
    expect(filter).toEqual([{ terms: { 'trace.id': ['a1b2c3d4e5f60718', '0000000000000000a1b2c3d4e5f60718'] } }])
  })

  it('adds the span id, and the level filter as a post_filter so level counts stay whole', async () => {
    await backend('otel').logsForTrace(TRACE, { spanId: '0102030405060708', levels: ['warn', 'unknown'], timeRange: RANGE })
    const body = bodyOf(fake.es.requests[0])
    const filter = (body.query as { bool: { filter: unknown[] } }).bool.filter
    expect(filter[1]).toEqual({ term: { span_id: '0102030405060708' } })
    const post = body.post_filter as { bool: { should: unknown[]; minimum_should_match: number } }
    expect(post.bool.minimum_should_match).toBe(1)
    expect(post.bool.should[0]).toEqual({ terms: { severity_text: expect.arrayContaining(['WARN', 'warn', 'Warning']) } })
    expect(post.bool.should[1]).toEqual({ range: { severity_number: { gte: 13, lte: 16 } } })
    expect(post.bool.should[2]).toEqual({
      bool: { must_not: [{ exists: { field: 'severity_text' } }, { exists: { field: 'severity_number' } }] },
    })
    expect(body.aggs).toEqual({ levels: { terms: { field: 'severity_text', size: 50 } } })
  })

  it('pages with search_after from the cursor, never with from', async () => {
    const docs = [contractDoc('ecs'), contractDoc('ecs')]
    fake.es.reply({ body: searchResponse(docs, { firstSort: 1710273641123 }) })
    const b = backend()
    const first = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2 })
    expect(first.cursor).toEqual({ searchAfter: [1710273641124, 1] })
    fake.es.reply({ body: searchResponse([contractDoc('ecs')], { firstSort: 1710273641125 }) })
    const second = await b.logsForTrace(TRACE, { timeRange: RANGE, size: 2, after: first.cursor })
    expect(bodyOf(fake.es.requests[0]).search_after).toBeUndefined()
    expect(bodyOf(fake.es.requests[1]).search_after).toEqual([1710273641124, 1])
    for (const r of fake.es.requests) expect(bodyOf(r)).not.toHaveProperty('from')
    expect(second.cursor).toBeUndefined()
    expect(second.records).toHaveLength(1)
  })

  it('caps the page size', async () => {
    await createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', maxPageSize: 500, pointInTime: false })
      .logsForTrace(TRACE, { size: 1_000_000 })
    await backend().logsForTrace(TRACE, { size: 0 })
    await createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', maxPageSize: 50_000, pointInTime: false })
      .logsForTrace(TRACE, { size: 50_000 })
    expect(fake.es.requests.map((r) => bodyOf(r).size)).toEqual([500, 1, 10000])
  })

  it('keeps * and , of the index pattern readable and encodes the rest', async () => {
    await backend('ecs', 'logs-*,-logs-old*,remote:app+x').logsForTrace(TRACE)
    expect(fake.es.requests[0]?.url).toBe('/logs-*,-logs-old*,remote:app%2Bx/_search')
  })
})

describe('searchLogs request', () => {
  it('uses simple_query_string for text and term for service and business fields, newest first', async () => {
    await backend('spring-logstash').searchLogs({
      text: 'payment failed -timeout',
      service: 'billing',
      fields: { 'customer.id': '42', 'order.id': '' },
      timeRange: RANGE,
    })
    const body = bodyOf(fake.es.requests[0])
    expect(body.query).toEqual({
      bool: {
        filter: [
          { range: { '@timestamp': { gte: RANGE.fromMs, lte: RANGE.toMs, format: 'epoch_millis' } } },
          { simple_query_string: { query: 'payment failed -timeout', fields: ['message'], default_operator: 'and', lenient: true } },
          { term: { 'app.keyword': 'billing' } },
          { term: { 'customer.id.keyword': '42' } },
        ],
      },
    })
    expect(body.sort).toEqual([{ '@timestamp': { order: 'desc', numeric_type: 'date', unmapped_type: 'date' } }, { _doc: 'asc' }])
    expect(JSON.stringify(body)).not.toContain('"query_string"')
    expect(body).not.toHaveProperty('from')
  })

  it('leaves out blank text and uses a configured tiebreaker', async () => {
    await backend({ base: 'ecs', tiebreaker: 'event.sequence' }).searchLogs({ text: '   ', timeRange: RANGE })
    const body = bodyOf(fake.es.requests[0])
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toHaveLength(1)
    expect(body.sort).toEqual([
      { '@timestamp': { order: 'desc', numeric_type: 'date', unmapped_type: 'date' } },
      { 'event.sequence': { order: 'desc', unmapped_type: 'keyword' } },
    ])
  })

  it('searches OTel bodies in body.text', async () => {
    await backend('otel').searchLogs({ text: 'authentication', timeRange: RANGE })
    const filter = (bodyOf(fake.es.requests[0]).query as { bool: { filter: unknown[] } }).bool.filter
    expect(filter[1]).toMatchObject({ simple_query_string: { fields: ['body.text'] } })
  })
})

describe('histogram request', () => {
  it('asks a date_histogram with a level split over the whole range', async () => {
    fake.es.reply({
      body: {
        timed_out: false,
        _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
        hits: { total: { value: 12, relation: 'eq' }, hits: [] },
        aggregations: {
          histogram: {
            buckets: [
              { key_as_string: '2024-03-12T20:00:00.000Z', key: RANGE.fromMs, doc_count: 12, levels: { buckets: [{ key: 'ERROR', doc_count: 2 }, { key: 'INFO', doc_count: 10 }] } },
              { key: RANGE.fromMs + 60_000, doc_count: 0, levels: { buckets: [] } },
            ],
          },
        },
      },
    })
    const h = await backend().histogram?.({ timeRange: RANGE, levels: ['error'] })
    const body = bodyOf(fake.es.requests[0])
    expect(body.size).toBe(0)
    expect(body.aggs).toEqual({
      histogram: {
        date_histogram: { field: '@timestamp', fixed_interval: '60000ms', min_doc_count: 0, extended_bounds: { min: RANGE.fromMs, max: RANGE.toMs } },
        aggs: { levels: { terms: { field: 'log.level', size: 50 } } },
      },
    })
    // The level filter narrows the counted records here (no post_filter: there are no hits).
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toHaveLength(2)
    expect(h?.intervalMs).toBe(60_000)
    expect(h?.total).toEqual({ value: 12, atLeast: false })
    expect(h?.buckets[0]).toMatchObject({ startMs: RANGE.fromMs, total: 12, levels: { error: 2, info: 10 } })
    expect(h?.buckets[1]?.levels.error).toBe(0)
  })
})

describe('histogram request by trace id', () => {
  const histogramReply = {
    body: { timed_out: false, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 }, hits: { total: { value: 0, relation: 'eq' }, hits: [] }, aggregations: { histogram: { buckets: [] } } },
  }

  it.each<[LogMappingConfig, string]>([
    ['ecs', 'trace.id'],
    ['otel', 'trace_id'],
    ['spring-logstash', 'traceId.keyword'],
  ])('%j: counts only the trace\'s logs, by a term on %s', async (mapping, traceField) => {
    fake.es.reply(histogramReply)
    await backend(mapping).histogram?.({ traceId: TRACE.toUpperCase(), timeRange: RANGE })
    expect(fake.es.requests[0]).toMatchObject({ method: 'POST', url: '/logs-*/_search' })
    const body = bodyOf(fake.es.requests[0])
    expect(body.size).toBe(0)
    expect((body.query as { bool: { filter: unknown[] } }).bool.filter).toEqual([
      { term: { [traceField]: TRACE } },
      { range: { '@timestamp': { gte: RANGE.fromMs, lte: RANGE.toMs, format: 'epoch_millis' } } },
    ])
  })

  it('looks a 64-bit id up in both its 16- and 32-digit forms, with the level filter', async () => {
    fake.es.reply(histogramReply)
    await backend().histogram?.({ traceId: 'A1B2C3D4E5F60718', timeRange: RANGE, levels: ['error'] })
    const filter = (bodyOf(fake.es.requests[0]).query as { bool: { filter: unknown[] } }).bool.filter
    expect(filter[0]).toEqual({ terms: { 'trace.id': ['a1b2c3d4e5f60718', '0000000000000000a1b2c3d4e5f60718'] } })
    expect(filter).toHaveLength(3)
  })

  it('refuses a malformed trace id before any request', async () => {
    await expect(backend().histogram?.({ traceId: 'a OR 1:1', timeRange: RANGE })).rejects.toMatchObject({ problem: { kind: 'invalidTraceId' } })
    expect(fake.es.requests).toHaveLength(0)
  })
})

describe('detectMapping', () => {
  it('GETs <indexPattern>/_mapping and suggests a preset', async () => {
    fake.es.reply({ body: { 'logs-1': { mappings: { properties: { trace_id: { type: 'keyword' } } } } } })
    const d = await backend('ecs').detectMapping?.()
    expect(fake.es.requests[0]).toMatchObject({ method: 'GET', url: '/logs-*/_mapping' })
    expect(d?.preset).toBe('otel')
  })
})
