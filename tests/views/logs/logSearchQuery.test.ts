import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createMemoryHistory, createRouter, type LocationQuery } from 'vue-router'
import { logSearchLocation, readLogSearchQuery, TRACE_SEARCH_DEFAULT_RANGE, type LogSearchState } from '@/composables/useLogSearchRoute'
import { LOG_LEVELS } from '@/domain/logs/logLevel'
import { DEFAULT_RANGE } from '@/domain/time/timeRange'
import { ROUTE } from '@/module/routeNames'

describe('reading the log search URL', () => {
  it('reads every parameter logsLink writes', () => {
    const s = readLogSearchQuery({ traceId: ' ABC ', q: 'x y', service: 'svc', level: ['error', 'WARN', 'loud', 'error'], 'f.customer.id': '42', 'f.': 'z', from: '1000', to: '2000' })
    expect(s).toEqual({ traceId: 'ABC', text: 'x y', service: 'svc', levels: ['error', 'warn'], fields: { 'customer.id': '42' }, range: { kind: 'absolute', fromMs: 1000, toMs: 2000 } })
  })

  it('looks back a day for a trace id, an hour otherwise, unless the URL says', () => {
    expect(readLogSearchQuery({ traceId: '0102030405060708' }).range).toEqual(TRACE_SEARCH_DEFAULT_RANGE)
    expect(readLogSearchQuery({ q: 'x' }).range).toEqual(DEFAULT_RANGE)
    expect(readLogSearchQuery({ traceId: '0102030405060708', range: '15m' }).range).toMatchObject({ kind: 'relative', label: '15m' })
  })

  it('round-trips any state through the URL (property)', () => {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/logs', name: ROUTE.logs, component: { render: () => null } }] })
    const text = fc.string({ maxLength: 20 }).map((s) => s.trim())
    const state: fc.Arbitrary<LogSearchState> = fc.record({
      traceId: text,
      text,
      service: text,
      levels: fc.uniqueArray(fc.constantFrom(...LOG_LEVELS)),
      fields: fc.dictionary(fc.stringMatching(/^[a-z][a-z.]{0,10}[a-z]$/), text.filter((s) => s !== '')),
      range: fc.oneof(
        fc.constantFrom('15m', '1h', '7d').map((label) => readLogSearchQuery({ range: label }).range),
        fc.tuple(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1, max: 1e9 })).map(([from, d]) => ({ kind: 'absolute' as const, fromMs: from, toMs: from + d })),
      ),
    })
    fc.assert(
      fc.property(state, (s) => {
        const href = router.resolve(logSearchLocation(s)).fullPath
        const back = readLogSearchQuery(router.resolve(href).query as LocationQuery)
        expect(back).toEqual(s)
      }),
    )
  })
})
