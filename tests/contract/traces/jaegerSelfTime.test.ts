import { describe, expect, it } from 'vitest'
import {
  computeCriticalPath,
  computeSelfTimes,
  parseTraceFile,
  statisticsByOperation,
  statisticsByService,
  type Trace,
} from '../../../src/domain/trace'
import { readContractText } from '../../support/contracts'

const load = (name: string): Trace => parseTraceFile(readContractText(`traces/jaeger/selftime-${name}.json`)).traces[0]!

/** Self time per span key, to compare with jaeger-ui TraceStatistics' expectations. */
function selfByKey(t: Trace): Record<string, number> {
  const self = computeSelfTimes(t)
  return Object.fromEntries(t.spans.map((s, i) => [s.key, self[i] ?? Number.NaN]))
}

describe('self time on jaeger-ui TraceStatistics fixtures', () => {
  it('testTraceNormal: duration minus direct children (jaeger-ui: 2.4 / 0.76 / 1.67 ms)', () => {
    expect(selfByKey(load('testTraceNormal'))).toEqual({
      '150c193cf155b46b': 2403,
      '22be69e72cbcde0b': 760,
      e821b549888cbc3b: 1666,
      '4085dddb47429851': 21,
      '622a5079b565623e': 52,
    })
  })

  it('testTraceNormal: per-service totals match jaeger-ui (7.4 / 3.16 ms, 64.52 %)', () => {
    const rows = statisticsByService(load('testTraceNormal'))
    expect(rows.map((r) => [r.service, r.count, r.totalUs, r.selfUs, r.minUs, r.maxUs, r.selfMaxUs])).toEqual([
      ['api-gateway', 2, 7401, 3163, 2499, 4902, 2403],
      ['customers-service', 3, 1812, 1739, 21, 1739, 1666],
    ])
    expect(rows[0]!.percentOfTrace).toBeCloseTo(64.52, 2)
    expect(rows[1]!.percentOfTrace).toBeCloseTo(35.48, 2)
  })

  it('testTraceNormal: per-operation rows split services and names', () => {
    const rows = statisticsByOperation(load('testTraceNormal'))
    const row = rows.find((r) => r.service === 'customers-service' && r.operation === 'HikariProxyPreparedStatement.executeQuery')
    expect(row).toMatchObject({ count: 2, totalUs: 73, selfUs: 73, avgUs: 36.5, minUs: 21, maxUs: 52 })
    expect(rows).toHaveLength(4)
  })

  it('spanLongerAsParent: children are clipped to the parent window (jaeger-ui: 1.22 ms)', () => {
    const self = selfByKey(load('spanLongerAsParent'))
    expect(self['6745965d0b964193']).toBe(1215)
    expect(self.ab496a7591486ffd).toBe(3366)
  })

  it('overlapping children longer than the parent: only the part inside counts', () => {
    expect(selfByKey(load('traceWithOverlappingChildrenLongerThanParent'))).toEqual({
      '006c3cf93508f205': 30,
      '4570ab68826f43f9': 10,
      '2dc4b796e2127e32': 300,
      '5d423585b4c63d48': 100,
    })
  })

  it('a child starting after its parent ended covers none of it', () => {
    expect(selfByKey(load('traceWithSingleChildLongerThanParentAndStartsAfterParent'))).toEqual({
      '006c3cf93508f205': 40,
      '2dc4b796e2127e32': 300,
    })
  })

  it('three overlapping children are merged before subtracting', () => {
    expect(selfByKey(load('traceWithThreeShortOverlappingChildren'))['006c3cf93508f205']).toBe(20)
  })
})

describe('critical path on jaeger-ui fixtures', () => {
  it('testTraceNormal: walks back from the end through the last-finishing children', () => {
    const t = load('testTraceNormal')
    const path = computeCriticalPath(t).map((c) => [t.spans[c.spanIndex]!.key, c.startUs - t.startUs, c.endUs - t.startUs])
    expect(path).toEqual([
      ['150c193cf155b46b', 0, 820],
      ['22be69e72cbcde0b', 820, 1200],
      ['e821b549888cbc3b', 1200, 2059],
      ['4085dddb47429851', 2059, 2080],
      ['e821b549888cbc3b', 2080, 2840],
      ['622a5079b565623e', 2840, 2892],
      ['e821b549888cbc3b', 2892, 2939],
      ['22be69e72cbcde0b', 2939, 3319],
      ['150c193cf155b46b', 3319, 4902],
    ])
  })

  it('children outside the parent window are clipped away from the path', () => {
    const t = load('traceWithSingleChildLongerThanParentAndStartsAfterParent')
    expect(computeCriticalPath(t)).toEqual([{ spanIndex: 0, startUs: 100, endUs: 140 }])
  })
})
