import { describe, expect, it } from 'vitest'
import { LogQueryError, type LogQueryProblem } from '@/domain/logs/logQueryError'
import { createElasticsearchLogBackend } from '@/services/logs/elasticsearchLogBackend'
import { useFakeElasticsearch } from './support/fakeElasticsearch'

const TRACE = '0102030405060708090a0b0c0d0e0f10'
const RANGE = { fromMs: 1710273600000, toMs: 1710277200000 }

const fake = useFakeElasticsearch()

const backend = () => createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: 'ecs', allowedFields: ['customer.id'] })

async function problemOf(p: Promise<unknown>): Promise<LogQueryProblem> {
  try {
    await p
  } catch (e) {
    if (e instanceof LogQueryError) return e.problem
    throw e
  }
  throw new Error('expected the call to be refused')
}

describe('input refused before any request', () => {
  it.each(['*', 'a OR 1:1', `${TRACE}0`, '', 'trace.id:*', `${TRACE}\n`.repeat(2), '0000000000000000'])(
    'trace id %j',
    async (input) => {
      expect(await problemOf(backend().logsForTrace(input))).toEqual({ kind: 'invalidTraceId', input })
      expect(fake.es.requests).toHaveLength(0)
    },
  )

  it('malformed span id', async () => {
    expect(await problemOf(backend().logsForTrace(TRACE, { spanId: '*' }))).toEqual({ kind: 'invalidSpanId', input: '*' })
    expect(fake.es.requests).toHaveLength(0)
  })

  it('reversed or non-finite time range', async () => {
    expect(await problemOf(backend().searchLogs({ timeRange: { fromMs: 2, toMs: 1 } }))).toMatchObject({ kind: 'invalidTimeRange' })
    expect(await problemOf(backend().logsForTrace(TRACE, { timeRange: { fromMs: NaN, toMs: 1 } }))).toMatchObject({ kind: 'invalidTimeRange' })
    expect(fake.es.requests).toHaveLength(0)
  })

  it('business field names that are not fields, or not allowed', async () => {
    expect(await problemOf(backend().searchLogs({ timeRange: RANGE, fields: { '_id': 'x' } }))).toEqual({ kind: 'invalidFieldName', field: '_id' })
    expect(await problemOf(backend().searchLogs({ timeRange: RANGE, fields: { 'a*': 'x' } }))).toEqual({ kind: 'invalidFieldName', field: 'a*' })
    expect(await problemOf(backend().searchLogs({ timeRange: RANGE, fields: { 'user.email': 'x' } }))).toEqual({ kind: 'fieldNotAllowed', field: 'user.email' })
    expect(await problemOf(backend().histogram!({ timeRange: RANGE, fields: { 'user.email': 'x' } }))).toEqual({ kind: 'fieldNotAllowed', field: 'user.email' })
    expect(fake.es.requests).toHaveLength(0)
  })
})

describe('config refused at creation', () => {
  it.each(['', '_all', '_search', 'logs/../_cluster', 'Logs-*', 'logs *', 'logs-*?pretty', 'logs#1', '..', '-logs-*', 'logs,_all'])(
    'index pattern %j',
    (indexPattern) => {
      expect(() => createElasticsearchLogBackend(fake.es.client(), { indexPattern, mapping: 'ecs' })).toThrow(LogQueryError)
    },
  )

  it('a custom mapping with an unsafe field', () => {
    expect(() => createElasticsearchLogBackend(fake.es.client(), { indexPattern: 'logs-*', mapping: { query: { traceId: 'trace.id OR *' } } }))
      .toThrow(/invalid log field mapping/)
  })
})
