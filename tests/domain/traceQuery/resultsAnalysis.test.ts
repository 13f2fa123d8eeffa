import { describe, expect, it } from 'vitest'
import type { TraceSummary } from '@/domain/trace'
import { analyseEndpoint, rankBottlenecks, selfTimeByService } from '@/domain/traceQuery/endpointAnalysis'
import { sortSummaries } from '@/domain/traceQuery/sortSummaries'
import { sampleTrace } from '../../support/tracesHarness'

const summary = (id: string, startUs: number, durationUs: number, spanCount: number, errorCount: number): TraceSummary => ({
  traceId: id,
  rootService: 's',
  rootOperation: 'op',
  startUs,
  durationUs,
  spanCount,
  errorCount,
  services: [],
  incomplete: false,
})
const list = [summary('a', 3, 100, 5, 0), summary('b', 1, 900, 2, 1), summary('c', 2, 500, 9, 3), summary('d', 4, 100, 1, 0)]

describe('result sorting', () => {
  it('sorts newest, slowest, most spans, most errors; ties newest first', () => {
    expect(sortSummaries(list, 'newest').map((t) => t.traceId)).toEqual(['d', 'a', 'c', 'b'])
    expect(sortSummaries(list, 'slowest').map((t) => t.traceId)).toEqual(['b', 'c', 'd', 'a'])
    expect(sortSummaries(list, 'spans').map((t) => t.traceId)).toEqual(['c', 'a', 'b', 'd'])
    expect(sortSummaries(list, 'errors').map((t) => t.traceId)).toEqual(['c', 'b', 'd', 'a'])
  })
})

describe('endpoint analysis', () => {
  it('counts, averages, takes the nearest-rank p95 and finds the slowest', () => {
    const a = analyseEndpoint(list)
    expect(a).toMatchObject({ count: 4, avgUs: 400, p95Us: 900, errorTraces: 2, errorSpans: 4 })
    expect(a.slowest?.traceId).toBe('b')
    const many = Array.from({ length: 100 }, (_, i) => summary(String(i), i, (i + 1) * 10, 1, 0))
    expect(analyseEndpoint(many).p95Us).toBe(950)
    expect(analyseEndpoint([])).toMatchObject({ count: 0, slowest: undefined })
  })

  it('ranks services by the self time they contribute (bottlenecks)', () => {
    const self = selfTimeByService(sampleTrace())
    // root 1000 µs minus children a (400) and b (500) = 100; b minus b1 (420) = 80; b1 420 (c-svc).
    expect(self).toEqual({ 'root-svc': 100, 'a-svc': 400 - 250 + 100 + 150, 'b-svc': 80, 'c-svc': 420 })
    const ranked = rankBottlenecks([self, { 'c-svc': 80, 'd-svc': 10 }])
    expect(ranked.map((b) => b.service)).toEqual(['c-svc', 'a-svc', 'root-svc', 'b-svc', 'd-svc'])
    expect(ranked[0]).toMatchObject({ selfUs: 500, traces: 2 })
    expect(ranked.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1)
  })
})
