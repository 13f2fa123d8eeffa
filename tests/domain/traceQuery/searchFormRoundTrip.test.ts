import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createMemoryHistory, createRouter, type LocationQuery } from 'vue-router'
import { DEFAULT_LIMIT, formFromQuery, TRACE_SORTS, type TraceSearchForm } from '@/domain/traceQuery/searchForm'
import { traceSearchLocation } from '@/composables/useTraceSearchRoute'
import { tracesLink } from '@/module/links'
import { ROUTE } from '@/module/routeNames'
import { RANGE_PRESETS, parseRelativeRange } from '@/domain/time/timeRange'

const router = createRouter({
  history: createMemoryHistory(),
  routes: [{ path: '/traces', name: ROUTE.traces, component: { render: () => null } }],
})

/** Through a real router: what the URL bar would hold, then read back. */
function throughUrl(form: TraceSearchForm): TraceSearchForm {
  const href = router.resolve(traceSearchLocation(form)).fullPath
  return formFromQuery(router.resolve(href).query as LocationQuery)
}

const text = fc.string({ maxLength: 12 }).map((s) => s.trim())
const tagKey = fc.stringMatching(/^[a-z][a-z0-9._]{0,10}$/)
const form: fc.Arbitrary<TraceSearchForm> = fc.record({
  service: text,
  operation: text,
  tags: fc.uniqueArray(fc.tuple(tagKey, fc.string({ maxLength: 8 })), { selector: (t) => t[0], maxLength: 4 }).map((l) => l.map(([k, v]) => `${k}=${v}`)),
  errorsOnly: fc.boolean(),
  minDuration: fc.constantFrom('', '250ms', '1.5s'),
  maxDuration: fc.constantFrom('', '2s', '900us'),
  range: fc.oneof(
    fc.constantFrom(...RANGE_PRESETS).map((p) => parseRelativeRange(p)!),
    fc.tuple(fc.integer({ min: 1e12, max: 2e12 }), fc.integer({ min: 1, max: 1e9 })).map(([from, len]) => ({ kind: 'absolute' as const, fromMs: from, toMs: from + len })),
  ),
  limit: fc.integer({ min: 1, max: 1500 }),
  sort: fc.constantFrom(...TRACE_SORTS),
  ids: fc.constant([]),
})

describe('search form ↔ URL', () => {
  it('round-trips every form through the URL that tracesLink writes (property)', () => {
    fc.assert(
      fc.property(form, (f) => {
        expect(throughUrl(f)).toEqual(f)
      }),
      { numRuns: 300 },
    )
  })

  it('reads the parameters other views link with (tracesLink)', () => {
    const q = router.resolve(
      tracesLink({ service: 'checkout', operation: 'POST /pay', tags: { 'http.status_code': '500' }, errorsOnly: true, minDuration: '250ms', limit: 50, sort: 'slowest' }),
    ).query as LocationQuery
    expect(formFromQuery(q)).toMatchObject({
      service: 'checkout',
      operation: 'POST /pay',
      tags: ['http.status_code=500'],
      errorsOnly: true,
      minDuration: '250ms',
      limit: 50,
      sort: 'slowest',
    })
  })

  it('falls back to defaults for unreadable values and keeps pasted ids apart from the search', () => {
    const f = formFromQuery({ limit: 'lots', sort: 'random', tag: ['bad', 'a=1'], ids: ['aaaaaaaaaaaaaaaa', 'nope'] })
    expect(f.limit).toBe(DEFAULT_LIMIT)
    expect(f.sort).toBe('newest')
    expect(f.tags).toEqual(['a=1'])
    expect(f.ids).toEqual([])
    const ids = formFromQuery({ ids: ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'] })
    expect(throughUrl(ids).ids).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'])
  })
})
