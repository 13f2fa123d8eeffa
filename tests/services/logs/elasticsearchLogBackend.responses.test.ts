import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setFailureLogger } from '@/services/log'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { startFakeElasticsearch, type FakeElasticsearch } from './support/fakeElasticsearch'
import { contractDoc, searchResponse } from './support/searchResponses'
import { failureOf } from '../../support/failureOf'

const TRACE = '0102030405060708090a0b0c0d0e0f10'
const RANGE = { fromMs: 1710273600000, toMs: 1710277200000 }

let es: FakeElasticsearch
beforeAll(async () => {
  es = await startFakeElasticsearch()
  setFailureLogger(() => {})
})
afterAll(async () => {
  setFailureLogger(undefined)
  await es.close()
})
beforeEach(() => {
  es.requests.length = 0
})

const ecsBackend = () => createElasticsearchLogBackend(es.client(), { indexPattern: 'logs-*', mapping: 'ecs' })


describe('parsing a search response', () => {
  it('turns hits into records, sums level spellings and keeps the last sort as cursor', async () => {
    const warn = { ...contractDoc('ecs'), log: { level: 'Warning' }, message: 'slow token check' }
    es.reply({
      body: searchResponse([contractDoc('ecs'), warn], {
        total: { value: 2, relation: 'eq' },
        levelBuckets: [
          { key: 'ERROR', doc_count: 5 },
          { key: 'error', doc_count: 2 },
          { key: 'err', doc_count: 1 },
          { key: 'Warning', doc_count: 3 },
          { key: 'loud', doc_count: 4 },
        ],
      }),
    })
    const page = await ecsBackend().logsForTrace(TRACE, { timeRange: RANGE, size: 2 })
    expect(page.records.map((r) => [r.level, r.message, r.service, r.traceId, r.spanId])).toEqual([
      ['error', 'User authentication failed', 'my-service', TRACE, '0102030405060708'],
      ['warn', 'slow token check', 'my-service', TRACE, '0102030405060708'],
    ])
    expect(page.records[0]?.id).toBe('.ds-logs-app-default-2024.03.12-000001/doc-0')
    expect(page.records[0]?.timestamp).toBe('2024-03-12T20:00:41.123456789Z')
    expect(page.levelCounts).toEqual({ trace: 0, debug: 0, info: 0, warn: 3, error: 8, fatal: 0, unknown: 4 })
    expect(page.total).toEqual({ value: 2, atLeast: false })
    expect(page.cursor).toEqual({ searchAfter: [1710273641124, 1] })
    expect(page.partial).toBeUndefined()
  })

  it('reads OTel-mode documents with the otel preset', async () => {
    es.reply({ body: searchResponse([contractDoc('otel')]) })
    const b = createElasticsearchLogBackend(es.client(), { indexPattern: 'logs-*', mapping: 'otel' })
    const [r] = (await b.logsForTrace(TRACE)).records
    expect([r?.level, r?.message, r?.service, r?.traceId, r?.subMsNanos]).toEqual(['error', 'User authentication failed', 'my-service', TRACE, 456789])
  })

  it('reports "at least" when Elasticsearch stopped counting (relation gte)', async () => {
    es.reply({ body: searchResponse([contractDoc('ecs')], { total: { value: 10000, relation: 'gte' } }) })
    const page = await ecsBackend().searchLogs({ timeRange: RANGE })
    expect(page.total).toEqual({ value: 10000, atLeast: true })
  })

  it('accepts the ES 6 numeric total', async () => {
    const body = searchResponse([contractDoc('ecs')]) as { hits: { total: unknown } }
    body.hits.total = 7
    es.reply({ body })
    expect((await ecsBackend().searchLogs({ timeRange: RANGE })).total).toEqual({ value: 7, atLeast: false })
  })

  it('passes every record through the transform seam', async () => {
    es.reply({ body: searchResponse([contractDoc('ecs')]) })
    const b = createElasticsearchLogBackend(es.client(), {
      indexPattern: 'logs-*',
      mapping: 'ecs',
      transform: (r) => ({ ...r, message: r.message.replace(/authentication/, '***') }),
    })
    expect((await b.logsForTrace(TRACE)).records[0]?.message).toBe('User *** failed')
  })
})

describe('partial results', () => {
  it('timed_out → partial, with the records that came', async () => {
    es.reply({ body: searchResponse([contractDoc('ecs')], { timedOut: true }) })
    const page = await ecsBackend().logsForTrace(TRACE)
    expect(page.records).toHaveLength(1)
    expect(page.partial).toEqual({ timedOut: true, failedShards: 0, totalShards: 3, reasons: [] })
  })

  it('_shards.failed > 0 → partial with the failure reasons', async () => {
    es.reply({
      body: searchResponse([contractDoc('ecs')], {
        shards: {
          total: 5,
          successful: 3,
          skipped: 0,
          failed: 2,
          failures: [
            {
              shard: 0,
              index: 'logs-2024.03.11',
              node: 'n1',
              reason: {
                type: 'query_shard_exception',
                reason: 'failed to create query: For input string: "abc"',
                index: 'logs-2024.03.11',
                caused_by: { type: 'number_format_exception', reason: 'For input string: "abc"' },
              },
            },
            { shard: 1, index: 'logs-2024.03.10', node: 'n2', reason: { type: 'node_disconnected_exception', reason: '[n2] disconnected' } },
          ],
        },
      }),
    })
    const page = await ecsBackend().logsForTrace(TRACE)
    expect(page.records).toHaveLength(1)
    expect(page.partial).toEqual({
      timedOut: false,
      failedShards: 2,
      totalShards: 5,
      reasons: [
        '[logs-2024.03.11][0] query_shard_exception: failed to create query: For input string: "abc" (caused by number_format_exception: For input string: "abc")',
        '[logs-2024.03.10][1] node_disconnected_exception: [n2] disconnected',
      ],
    })
  })

  it('all shards failed in a 200 → an error, not an empty page', async () => {
    es.reply({
      body: searchResponse([], {
        shards: {
          total: 2,
          successful: 0,
          failed: 2,
          failures: [{ shard: 0, index: 'logs-1', reason: { type: 'illegal_argument_exception', reason: 'Text fields are not optimised' } }],
        },
      }),
    })
    const f = await failureOf(ecsBackend().logsForTrace(TRACE))
    expect(f).toMatchObject({ kind: 'backendError', backend: 'elasticsearch', errorType: 'all_shards_failed' })
    expect(f.kind === 'backendError' && f.message).toContain('illegal_argument_exception: Text fields are not optimised')
  })
})

describe('errors', () => {
  it('ES 400 parsing_exception → backendError with its type', async () => {
    es.reply({
      status: 400,
      body: {
        error: {
          root_cause: [{ type: 'parsing_exception', reason: '[bool] malformed query, expected [END_OBJECT] but found [FIELD_NAME]', line: 1, col: 57 }],
          type: 'parsing_exception',
          reason: '[bool] malformed query, expected [END_OBJECT] but found [FIELD_NAME]',
          line: 1,
          col: 57,
        },
        status: 400,
      },
    })
    expect(await failureOf(ecsBackend().logsForTrace(TRACE))).toEqual({
      kind: 'backendError',
      backend: 'elasticsearch',
      status: 400,
      errorType: 'parsing_exception',
      message: '[bool] malformed query, expected [END_OBJECT] but found [FIELD_NAME]',
    })
  })

  it('ES 404 index_not_found_exception → backendError', async () => {
    es.reply({
      status: 404,
      body: {
        error: {
          root_cause: [{ type: 'index_not_found_exception', reason: 'no such index [logs-x]', 'resource.type': 'index_or_alias', 'resource.id': 'logs-x', index_uuid: '_na_', index: 'logs-x' }],
          type: 'index_not_found_exception',
          reason: 'no such index [logs-x]',
          'resource.type': 'index_or_alias',
          'resource.id': 'logs-x',
          index_uuid: '_na_',
          index: 'logs-x',
        },
        status: 404,
      },
    })
    expect(await failureOf(ecsBackend().searchLogs({ timeRange: RANGE }))).toMatchObject({
      kind: 'backendError',
      status: 404,
      errorType: 'index_not_found_exception',
      message: 'no such index [logs-x]',
    })
  })

  it('ES 503 search_phase_execution_exception (all shards failed) → backendError', async () => {
    es.reply({
      status: 503,
      body: { error: { root_cause: [], type: 'search_phase_execution_exception', reason: 'all shards failed', phase: 'query', grouped: true, failed_shards: [] }, status: 503 },
    })
    expect(await failureOf(ecsBackend().logsForTrace(TRACE))).toMatchObject({
      kind: 'backendError',
      status: 503,
      errorType: 'search_phase_execution_exception',
      message: 'all shards failed',
    })
  })

  it('a refused query names the engine’s own reason from root_cause (as real OpenSearch 2.19 answers)', async () => {
    const cause = { type: 'parse_exception', reason: 'failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]' }
    es.reply({
      status: 400,
      body: { error: { root_cause: [cause], type: 'search_phase_execution_exception', reason: 'all shards failed', phase: 'query', grouped: true, caused_by: cause }, status: 400 },
    })
    expect(await failureOf(ecsBackend().logsForTrace(TRACE))).toMatchObject({
      kind: 'backendError',
      status: 400,
      errorType: 'search_phase_execution_exception',
      message: `all shards failed: parse_exception: ${cause.reason}`,
    })
  })

  it('an HTML 502 page → readable error with the title only', async () => {
    es.reply({
      status: 502,
      contentType: 'text/html',
      body: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center><script>alert(1)</script></body></html>',
    })
    const f = await failureOf(ecsBackend().logsForTrace(TRACE))
    expect(f).toEqual({ kind: 'http', backend: 'elasticsearch', status: 502, message: 'HTML error page "502 Bad Gateway"' })
    expect(f.kind === 'http' && f.message).not.toMatch(/[<>]/)
  })

  it('truncated JSON → badResponse', async () => {
    es.reply({ body: JSON.stringify(searchResponse([contractDoc('ecs')])).slice(0, 120) })
    expect(await failureOf(ecsBackend().logsForTrace(TRACE))).toMatchObject({ kind: 'badResponse', backend: 'elasticsearch', path: '$' })
  })

  it('a 200 login page → badResponse, not data', async () => {
    es.reply({ contentType: 'text/html', body: '<!doctype html><html><title>Sign in</title></html>' })
    const f = await failureOf(ecsBackend().logsForTrace(TRACE))
    expect(f).toMatchObject({ kind: 'badResponse', path: '$' })
  })

  it('a JSON body that is not a search response → badResponse naming the path', async () => {
    es.reply({ body: { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _index: 'i', _source: {} }] } } })
    expect(await failureOf(ecsBackend().logsForTrace(TRACE))).toMatchObject({ kind: 'badResponse', path: 'hits.hits[0]._id' })
  })

  it('an aborted signal → cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await failureOf(ecsBackend().logsForTrace(TRACE, { signal: controller.signal }))).toEqual({
      kind: 'cancelled',
      backend: 'elasticsearch',
    })
  })
})
