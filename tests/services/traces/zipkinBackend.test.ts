import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { BackendRequestError } from '../../../src/services/errors'
import { setFailureLogger } from '../../../src/services/log'
import { createZipkinBackend } from '../../../src/services/traces'
import { readContract } from '../../support/contracts'
import { startFakeBackend, type FakeBackend } from './fakeBackend'

let fake: FakeBackend | undefined
beforeAll(() => setFailureLogger(() => {}))
afterAll(() => setFailureLogger(undefined))
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

const smartthings = readContract('traces/zipkin/smartthings-oauth-authorization.json')
const skew = readContract('traces/zipkin/skew.json')

describe('Zipkin v2 adapter against a local server', () => {
  it('services and span names (/spans?serviceName=) ', async () => {
    fake = await startFakeBackend('zipkin', {
      '/api/v2/services': { body: ['frontend', 'backend'] },
      '/api/v2/spans': { body: ['get', 'post /api'] },
    })
    const zipkin = createZipkinBackend(fake.http)
    expect(await zipkin.services()).toEqual(['frontend', 'backend'])
    expect(await zipkin.operations('my service')).toEqual([{ name: 'get' }, { name: 'post /api' }])
    expect(fake.requests[1]!.query.get('serviceName')).toBe('my service')
  })

  it('search sends µs durations, ms endTs/lookback, annotationQuery; summaries come from full traces', async () => {
    fake = await startFakeBackend('zipkin', { '/api/v2/traces': { body: [smartthings, skew] } })
    const result = await createZipkinBackend(fake.http).searchTraces({
      service: 'datamgmt',
      operation: 'get /oauth/authorize',
      tags: { error: '', 'http.method': 'GET' },
      minDurationUs: 1500,
      maxDurationUs: 2_000_000,
      startMs: 1_700_000_000_000,
      endMs: 1_700_000_900_000,
      limit: 20,
    })
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({
      serviceName: 'datamgmt',
      spanName: 'get /oauth/authorize',
      annotationQuery: 'error and http.method=GET',
      minDuration: '1500',
      maxDuration: '2000000',
      endTs: '1700000900000',
      lookback: '900000',
      limit: '20',
    })
    expect(result.partial).toBe(false)
    expect(result.traces).toHaveLength(2)
    expect(result.traces[0]).toMatchObject({
      traceId: '8ce82b2e9ed820ba',
      rootService: 'datamgmt',
      rootOperation: 'get /oauth/authorize',
      spanCount: 175,
      errorCount: 2,
      durationUs: 100348445,
      incomplete: false,
    })
    expect(result.traces[0]!.services).toHaveLength(8)
    expect(result.traces[1]).toMatchObject({ traceId: '1e223ff1f80f1c69', spanCount: 4, rootService: 'servicea' })
  })

  it('maxDuration alone is sent with minDuration=1 (Zipkin requires it)', async () => {
    fake = await startFakeBackend('zipkin', { '/api/v2/traces': { body: [] } })
    await createZipkinBackend(fake.http).searchTraces({ maxDurationUs: 500, startMs: 0, endMs: 1000, limit: 10 })
    expect(fake.requests[0]!.query.get('minDuration')).toBe('1')
    expect(fake.requests[0]!.query.has('serviceName')).toBe(false)
  })

  it('getTrace lowercases and validates the id; 404 text means not found', async () => {
    fake = await startFakeBackend('zipkin', {
      '/api/v2/trace/1e223ff1f80f1c69': { body: skew },
      '/api/v2/trace/00000000000000aa': { status: 404, body: 'Trace not found' },
    })
    const zipkin = createZipkinBackend(fake.http)
    const trace = await zipkin.getTrace('1E223FF1F80F1C69')
    expect(trace?.spanCount).toBe(4)
    expect(trace?.warnings).toContainEqual(expect.objectContaining({ code: 'skew-adjusted' }))
    expect(await zipkin.getTrace('00000000000000aa')).toBeUndefined()
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/v2/trace/1e223ff1f80f1c69', '/api/v2/trace/00000000000000aa'])
  })

  it('an id that is not 16/32 hex digits is rejected before any request', async () => {
    fake = await startFakeBackend('zipkin', {})
    const zipkin = createZipkinBackend(fake.http)
    for (const bad of ['*', 'a OR 1:1', '0'.repeat(33), '../../api/v2/services']) {
      const err = await zipkin.getTrace(bad).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(BackendRequestError)
      expect((err as BackendRequestError).failure).toMatchObject({ kind: 'invalidInput', backend: 'zipkin' })
    }
    expect(fake.requests).toEqual([])
  })

  it('other failures are not mistaken for "not found"', async () => {
    fake = await startFakeBackend('zipkin', { '/api/v2/trace/1e223ff1f80f1c69': { status: 500, body: 'storage down' } })
    const err = await createZipkinBackend(fake.http).getTrace('1e223ff1f80f1c69').catch((e: unknown) => e)
    expect((err as BackendRequestError).failure).toMatchObject({ kind: 'http', status: 500, message: 'storage down' })
  })

  it('dependencies: endTs/lookback in ms, missing errorCount read as 0', async () => {
    fake = await startFakeBackend('zipkin', { '/api/v2/dependencies': { body: readContract('traces/jaeger/dependencies-small.json') } })
    const links = await createZipkinBackend(fake.http).dependencies({ endMs: 1_700_000_000_000, lookbackMs: 86_400_000 })
    expect(Object.fromEntries(fake.requests[0]!.query)).toEqual({ endTs: '1700000000000', lookback: '86400000' })
    expect(links).toHaveLength(7)
    expect(links[0]).toEqual({ parent: 'Service1', child: 'Service2', callCount: 30489, errorCount: 0 })
  })
})
