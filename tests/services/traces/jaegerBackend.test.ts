import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BackendRequestError } from '../../../src/services/errors'
import { setFailureLogger } from '../../../src/services/log'
import { createJaegerBackend } from '../../../src/services/traces'
import { readContract } from '../../support/contracts'
import { startFakeBackend, type FakeBackend } from './fakeBackend'

let fake: FakeBackend | undefined
beforeAll(() => setFailureLogger(() => {}))
afterAll(() => setFailureLogger(undefined))
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const envelope = (data: unknown, errors: unknown = null) => ({ data, total: 0, limit: 0, offset: 0, errors })
const genai = readContract('traces/jaeger/genai-57-spans.json')
const ui01 = readContract('traces/jaeger/ui_01-duplicate-ids-int64.json')

describe('Jaeger query v1 adapter against a local server', () => {
  it('services and operations from the {data} envelope', async () => {
    fake = await startFakeBackend('jaeger', {
      '/api/services': { body: envelope(['api-edge', 'k8s-api']) },
      '/api/operations': { body: envelope([{ name: 'GET /', spanKind: 'server' }, { name: 'db', spanKind: '' }]) },
    })
    const jaeger = createJaegerBackend(fake.http)
    expect(await jaeger.services()).toEqual(['api-edge', 'k8s-api'])
    expect(await jaeger.operations('api-edge')).toEqual([{ name: 'GET /', spanKind: 'server' }, { name: 'db', spanKind: undefined }])
    expect(fake.requests[1]!.query.get('service')).toBe('api-edge')
  })

  it('operations fall back to /api/services/{svc}/operations (path-encoded) on older Jaeger', async () => {
    fake = await startFakeBackend('jaeger', { '/api/services/my%20svc%2Fx/operations': { body: envelope(['a', 'b']) } })
    expect(await createJaegerBackend(fake.http).operations('my svc/x')).toEqual([{ name: 'a' }, { name: 'b' }])
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/operations', '/api/services/my%20svc%2Fx/operations'])
  })

  it('a 404 on the removed v1 search API tells the user to switch to jaeger-v3', async () => {
    fake = await startFakeBackend('jaeger', {})
    const jaeger = createJaegerBackend(fake.http)
    for (const call of [() => jaeger.services(), () => jaeger.searchTraces({ startMs: 0, endMs: 1, limit: 1 }), () => jaeger.operations('x')]) {
      const err = await call().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(BackendRequestError)
      expect((err as BackendRequestError).failure).toMatchObject({ kind: 'backendError', status: 404, errorType: 'api-removed' })
      expect((err as Error).message).toMatch(/kind 'jaeger-v3'/)
    }
  })

  it('search: µs start/end, Go durations, tags as JSON; `errors` beside data → partial with reasons', async () => {
    fake = await startFakeBackend('jaeger', {
      '/api/traces': { body: envelope([genai, ui01], [{ code: 500, msg: 'cassandra timeout', traceID: 'deadbeefdeadbeef' }]) },
    })
    const result = await createJaegerBackend(fake.http).searchTraces({
      service: 'api-edge',
      operation: 'POST /api/graphql',
      tags: { error: 'true' },
      minDurationUs: 1500,
      maxDurationUs: 2_000_000,
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_060_000,
      limit: 50,
    })
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({
      service: 'api-edge',
      operation: 'POST /api/graphql',
      tags: '{"error":"true"}',
      minDuration: '1.5ms',
      maxDuration: '2s',
      start: '1700000000000000',
      end: '1700000060000000',
      limit: '50',
    })
    expect(result.partial).toBe(true)
    expect(result.warnings).toEqual(['trace deadbeefdeadbeef: cassandra timeout (code 500)'])
    expect(result.traces.map((t) => [t.traceId, t.rootService, t.rootOperation, t.spanCount, t.errorCount])).toEqual([
      ['4a1b2c3d4e5f60718293a4b5c6d7e8f9', 'api-edge', 'POST /api/graphql', 57, 1],
      ['0000000000000001', 'service-x', 'test-general-conversion', 5, 1],
    ])
    expect(result.traces[0]!.services).toHaveLength(10)
  })

  it('errors without data are an error, not an empty result', async () => {
    fake = await startFakeBackend('jaeger', { '/api/traces': { body: envelope(null, [{ code: 500, msg: 'index missing' }]) } })
    const err = await createJaegerBackend(fake.http).searchTraces({ startMs: 0, endMs: 1, limit: 1 }).catch((e: unknown) => e)
    expect((err as BackendRequestError).failure).toMatchObject({ kind: 'backendError', errorType: '500', message: 'index missing (code 500)' })
  })

  it('getTrace: the trace, a partial one with the backend reasons, and 404 "trace not found"', async () => {
    fake = await startFakeBackend('jaeger', {
      '/api/traces/0000000000000001': { body: envelope([ui01]) },
      '/api/traces/0000000000000002': { body: envelope([ui01], [{ code: 206, msg: 'some spans missing' }]) },
      '/api/traces/00000000000000ff': { status: 404, body: envelope(null, [{ code: 404, msg: 'trace not found' }]) },
    })
    const jaeger = createJaegerBackend(fake.http)
    const full = await jaeger.getTrace('0000000000000001')
    expect(full?.spanCount).toBe(5)
    expect(full?.warnings.map((w) => w.message)).toContain('some trace warning')
    const partial = await jaeger.getTrace('0000000000000002')
    expect(partial?.warnings).toContainEqual({ code: 'backend', message: 'partial trace: some spans missing (code 206)' })
    expect(await jaeger.getTrace('00000000000000ff')).toBeUndefined()
  })

  it('dependencies: ms endTs/lookback, links from the envelope', async () => {
    fake = await startFakeBackend('jaeger', { '/api/dependencies': { body: envelope(readContract('traces/jaeger/dependencies-small.json')) } })
    const links = await createJaegerBackend(fake.http).dependencies({ endMs: 1_700_000_000_000, lookbackMs: 3_600_000 })
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({ endTs: '1700000000000', lookback: '3600000' })
    expect(links.map((l) => `${l.parent}->${l.child}:${l.callCount}`)).toEqual([
      'Service1->Service2:30489',
      'Service1->Service3:30491',
      'Service1->Service5:8560',
      'Service8->Service6:30489',
      'Service6->Service1:30489',
      'Service2->Service4:129216',
      'Service3->Service7:30491',
    ])
  })
})
