import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setFailureLogger } from '../../../src/services/log'
import { createJaegerV3Backend } from '../../../src/services/traces'
import { readContract } from '../../support/contracts'
import { startFakeBackend, type FakeBackend } from './fakeBackend'

let fake: FakeBackend | undefined
beforeAll(() => setFailureLogger(() => {}))
afterAll(() => setFailureLogger(undefined))
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const noTraces = { status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } }
const query = { service: 'frontend', operation: 'HTTP GET /', tags: { 'http.status_code': '500' }, minDurationUs: 1500, maxDurationUs: 2_000_000, startMs: Date.UTC(2026, 0, 2, 3, 4, 5), endMs: Date.UTC(2026, 0, 2, 4, 4, 5), limit: 20 }

describe('Jaeger v2 (/api/v3) adapter against a local server', () => {
  it('GetServices and GetOperations snapshots', async () => {
    fake = await startFakeBackend('jaeger-v3', {
      '/api/v3/services': { body: readContract('traces/jaeger-v3/GetServices.json') },
      '/api/v3/operations': { body: readContract('traces/jaeger-v3/GetOperations.json') },
    })
    const v3 = createJaegerV3Backend(fake.http)
    expect(await v3.services()).toEqual(['foo'])
    expect(await v3.operations('foo')).toEqual([{ name: 'get_users', spanKind: 'server' }])
    expect(fake.requests[1]!.query.get('service')).toBe('foo')
  })

  it('search uses /trace-summaries with query.* params: RFC 3339 times, durations in seconds', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/v3/trace-summaries': { body: readContract('traces/jaeger-v3/FindTraceSummaries.json') } })
    const result = await createJaegerV3Backend(fake.http).searchTraces(query)
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({
      'query.serviceName': 'frontend',
      'query.operationName': 'HTTP GET /',
      'query.attributes': '{"http.status_code":"500"}',
      'query.startTimeMin': '2026-01-02T03:04:05.000Z',
      'query.startTimeMax': '2026-01-02T04:04:05.000Z',
      'query.durationMin': '0.0015s',
      'query.durationMax': '2s',
      'query.searchDepth': '20',
    })
    expect(result).toEqual({
      partial: false,
      warnings: [],
      traces: [
        {
          traceId: '0000000000000001',
          rootService: 'frontend',
          rootOperation: 'HTTP GET /',
          startUs: 1_000_000_000,
          durationUs: 1_000_000,
          spanCount: 2,
          errorCount: 1,
          services: [{ name: 'frontend', spanCount: 2, errorCount: 1 }],
          incomplete: false,
        },
      ],
    })
  })

  it('404 "No traces found" is an empty result, not an error', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/v3/trace-summaries': noTraces })
    expect((await createJaegerV3Backend(fake.http).searchTraces(query)).traces).toEqual([])
    expect(fake.requests).toHaveLength(1)
  })

  it('without /trace-summaries (Jaeger v1.75) it searches /traces with v1.75\'s snake_case query and summarises client-side', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/v3/traces': { body: readContract('traces/jaeger-v3/FindTraces.json') } })
    const { tags: _tags, ...untagged } = query
    const result = await createJaegerV3Backend(fake.http).searchTraces(untagged)
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/trace-summaries', '/api/v3/traces'])
    expect(Object.fromEntries(fake.requests[1]!.query)).toEqual({
      'query.service_name': 'frontend',
      'query.operation_name': 'HTTP GET /',
      'query.start_time_min': '2026-01-02T03:04:05.000Z',
      'query.start_time_max': '2026-01-02T04:04:05.000Z',
      'query.duration_min': '0.0015s',
      'query.duration_max': '2s',
      'query.num_traces': '20',
    })
    expect(result.traces).toEqual([
      expect.objectContaining({ traceId: '0000000000000001', rootOperation: 'foobar', rootService: 'unknown-service', spanCount: 1, errorCount: 1 }),
    ])
  })

  it('Jaeger\'s UI catch-all (200 with index.html) counts as a missing endpoint; a tag search goes to the v1 search', async () => {
    // v1.75's /api/v3/traces ignores attributes, and the query service answers unknown paths with its UI page.
    const page = '<!DOCTYPE html>\n<html lang="en"><title>Jaeger UI</title></html>\n'
    fake = await startFakeBackend('jaeger-v3', {
      '/api/v3/trace-summaries': { body: page },
      '/api/traces': { body: { data: [], total: 0, limit: 0, offset: 0, errors: null } },
    })
    expect((await createJaegerV3Backend(fake.http).searchTraces(query)).traces).toEqual([])
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/trace-summaries', '/api/traces'])
    expect(fake.requests[1]!.query.get('tags')).toBe('{"http.status_code":"500"}')
  })

  it('asks for /trace-summaries once: a Jaeger without it gets later searches straight on /traces', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/v3/traces': { body: readContract('traces/jaeger-v3/FindTraces.json') } })
    const v3 = createJaegerV3Backend(fake.http)
    const { tags: _tags, ...untagged } = query
    await v3.searchTraces(untagged)
    await v3.searchTraces(untagged)
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v3/trace-summaries', '/api/v3/traces', '/api/v3/traces'])
  })

  it('the fallback search answering "No traces found" is empty too', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/v3/traces': noTraces })
    const { tags: _tags, ...untagged } = query
    expect((await createJaegerV3Backend(fake.http).searchTraces(untagged)).traces).toEqual([])
  })

  it('getTrace reads the OTLP {result} answer; 404 means not found', async () => {
    fake = await startFakeBackend('jaeger-v3', {
      '/api/v3/traces/00000000000000000000000000000001': { body: readContract('traces/jaeger-v3/GetTrace.json') },
      '/api/v3/traces/00000000000000aa': { status: 404, body: { error: { httpCode: 404, message: 'trace not found' } } },
    })
    const v3 = createJaegerV3Backend(fake.http)
    const trace = await v3.getTrace('00000000000000000000000000000001')
    expect(trace).toMatchObject({ traceId: '0000000000000001', spanCount: 1, errorCount: 1 })
    expect(trace?.spans[0]).toMatchObject({ name: 'foobar', kind: 'server', status: 'error' })
    expect(await v3.getTrace('00000000000000aa')).toBeUndefined()
  })

  it('reads the streamed NDJSON form too: one {result} per line, {"end":true} last, an error line fails', async () => {
    // jaeger#6467 proposes streaming /api/v3/traces as one chunk per line; v1.75 sends one object.
    const whole = readContract('traces/jaeger-v3/GetTrace.json') as { result: { resourceSpans: unknown[] } }
    const [first] = whole.result.resourceSpans
    const second = JSON.parse(JSON.stringify(first).replaceAll('"spanId":"0', '"spanId":"f')) as unknown
    const lines = (...values: unknown[]) => values.map((v) => JSON.stringify(v)).join('\n') + '\n'
    fake = await startFakeBackend('jaeger-v3', {
      '/api/v3/traces/00000000000000000000000000000001': { body: lines({ result: { resourceSpans: [first] } }, { result: { resourceSpans: [second] } }, { end: true }) },
      '/api/v3/traces/00000000000000000000000000000002': { body: lines({ result: { resourceSpans: [first] } }, { error: { httpCode: 500, message: 'storage went away' } }) },
    })
    const v3 = createJaegerV3Backend(fake.http)
    const trace = await v3.getTrace('00000000000000000000000000000001')
    expect(trace?.spanCount).toBe(2)
    await expect(v3.getTrace('00000000000000000000000000000002')).rejects.toThrow(/storage went away/)
  })

  it('dependencies: /api/v3/dependencies with RFC 3339 window, uint64 counts as strings', async () => {
    fake = await startFakeBackend('jaeger-v3', {
      '/api/v3/dependencies': { body: { dependencies: [{ parent: 'a', child: 'b', callCount: '12' }] } },
    })
    const links = await createJaegerV3Backend(fake.http).dependencies({ endMs: Date.UTC(2026, 0, 2), lookbackMs: 3_600_000 })
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({ startTime: '2026-01-01T23:00:00.000Z', endTime: '2026-01-02T00:00:00.000Z' })
    expect(links).toEqual([{ parent: 'a', child: 'b', callCount: 12, errorCount: 0 }])
  })

  it('dependencies fall back to the v1 /api/dependencies on releases without the v3 one', async () => {
    fake = await startFakeBackend('jaeger-v3', { '/api/dependencies': { body: { data: readContract('traces/jaeger/dependencies-small.json'), errors: null } } })
    const links = await createJaegerV3Backend(fake.http).dependencies({ endMs: 1_700_000_000_000, lookbackMs: 60_000 })
    expect(links).toHaveLength(7)
    expect(Object.fromEntries(fake.requests[1]!.query)).toEqual({ endTs: '1700000000000', lookback: '60000' })
  })
})
