import { describe, expect, it } from 'vitest'
import { buildTraceQuery, errorTagFor } from '@/domain/traceQuery/buildTraceQuery'
import { defaultForm } from '@/domain/traceQuery/searchForm'

const NOW = 1_700_000_000_000

describe('search form → backend query', () => {
  it('converts durations to µs and the relative range to a window ending now', () => {
    const { query, problems } = buildTraceQuery({ ...defaultForm(), service: 'api', minDuration: '250ms', maxDuration: '2s' }, 'jaeger', NOW)
    expect(problems).toEqual([])
    expect(query).toMatchObject({ service: 'api', minDurationUs: 250_000, maxDurationUs: 2_000_000, endMs: NOW, startMs: NOW - 3_600_000, limit: 20 })
    expect(query.tags).toBeUndefined()
  })

  it('maps "errors only" to each backend’s own error query', () => {
    expect(errorTagFor('zipkin')).toEqual(['error', ''])
    expect(errorTagFor('jaeger')).toEqual(['error', 'true'])
    expect(errorTagFor('jaeger-v3')).toEqual(['error', 'true'])
    const f = { ...defaultForm(), errorsOnly: true, tags: ['tenant.id=acme'] }
    expect(buildTraceQuery(f, 'zipkin', NOW).query.tags).toEqual({ 'tenant.id': 'acme', error: '' })
    expect(buildTraceQuery(f, 'jaeger-v3', NOW).query.tags).toEqual({ 'tenant.id': 'acme', error: 'true' })
    expect(buildTraceQuery({ ...f, tags: ['error=false'] }, 'jaeger', NOW).query.tags).toEqual({ error: 'false' })
  })

  it('names wrong fields instead of sending a wider search', () => {
    expect(buildTraceQuery({ ...defaultForm(), minDuration: 'fast' }, 'zipkin', NOW).problems).toEqual([{ field: 'minDuration', reason: 'not-a-duration', value: 'fast' }])
    expect(buildTraceQuery({ ...defaultForm(), minDuration: '2s', maxDuration: '1s' }, 'zipkin', NOW).problems).toEqual([
      { field: 'maxDuration', reason: 'below-min', value: '1s' },
    ])
  })
})
