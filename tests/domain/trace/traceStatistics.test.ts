import { describe, expect, it } from 'vitest'
import { buildTrace, computeSelfTimes, statisticsByOperation, statisticsByService, summarizeTrace } from '../../../src/domain/trace'
import { rawSpan } from './rawSpan'

const trace = () =>
  buildTrace([
    rawSpan('01', { service: 'gw', name: 'GET /', startUs: 1000, durationUs: 100 }),
    rawSpan('02', { service: 'db', name: 'query', parentSpanId: '01', startUs: 1010, durationUs: 20, status: 'error' }),
    rawSpan('03', { service: 'db', name: 'query', parentSpanId: '01', startUs: 1020, durationUs: 40 }),
    rawSpan('04', { service: 'db', name: 'connect', parentSpanId: '03', startUs: 1021, durationUs: 5 }),
  ])

describe('self time and statistics', () => {
  it('self time subtracts direct children only, overlaps merged', () => {
    // 01: 100 - [1010, 1060) = 50; 03: 40 - 5
    expect([...computeSelfTimes(trace())]).toEqual([50, 20, 35, 5])
  })

  it('per service: count, total, self, avg, min, max and errors', () => {
    expect(statisticsByService(trace())).toEqual([
      { service: 'gw', operation: undefined, count: 1, errorCount: 0, totalUs: 100, avgUs: 100, minUs: 100, maxUs: 100, selfUs: 50, selfAvgUs: 50, selfMinUs: 50, selfMaxUs: 50, percentOfTrace: 50 },
      { service: 'db', operation: undefined, count: 3, errorCount: 1, totalUs: 65, avgUs: 65 / 3, minUs: 5, maxUs: 40, selfUs: 60, selfAvgUs: 20, selfMinUs: 5, selfMaxUs: 35, percentOfTrace: 60 },
    ])
  })

  it('per operation: one row per (service, name)', () => {
    expect(statisticsByOperation(trace()).map((r) => [r.service, r.operation, r.count, r.totalUs])).toEqual([
      ['gw', 'GET /', 1, 100],
      ['db', 'query', 2, 60],
      ['db', 'connect', 1, 5],
    ])
  })

  it('summarizeTrace takes the root span for service and operation', () => {
    expect(summarizeTrace(trace())).toEqual({
      traceId: 'aaaaaaaaaaaaaaaa',
      rootService: 'gw',
      rootOperation: 'GET /',
      startUs: 1000,
      durationUs: 100,
      spanCount: 4,
      errorCount: 1,
      services: [
        { name: 'db', spanCount: 3, errorCount: 1 },
        { name: 'gw', spanCount: 1, errorCount: 0 },
      ],
      incomplete: false,
    })
  })
})
