import { describe, expect, it } from 'vitest'
import type { OperationRed } from '@/domain/metrics/mergeRed'
import { buildBreakdown } from '@/domain/metricsViews/breakdownRows'
import { chartLines, exemplarPoints, MAX_EXEMPLARS } from '@/domain/metricsViews/chartSeries'
import { sortOperations } from '@/domain/metricsViews/operationsTable'
import { breakdownCandidates } from '@/domain/metricsViews/serviceQueries'
import { errorTraceTags, recentErrorTraces, slowestTraces } from '@/domain/metricsViews/traceLists'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import type { TraceSummary } from '@/domain/trace'

const op = (operation: string, rate: number | undefined, p95Ms: number | undefined): OperationRed => ({
  operation,
  rate,
  errorRatio: undefined,
  p50Ms: undefined,
  p95Ms,
  p99Ms: undefined,
})

describe('sortOperations', () => {
  const rows = [op('b', 5, 100), op('a', undefined, 300), op('c', 9, undefined)]
  it('sorts by a figure either way and keeps rows without data last', () => {
    expect(sortOperations(rows, 'rate', 'desc').map((r) => r.operation)).toEqual(['c', 'b', 'a'])
    expect(sortOperations(rows, 'rate', 'asc').map((r) => r.operation)).toEqual(['b', 'c', 'a'])
    expect(sortOperations(rows, 'p95Ms', 'desc').map((r) => r.operation)).toEqual(['a', 'b', 'c'])
    expect(sortOperations(rows, 'operation', 'asc').map((r) => r.operation)).toEqual(['a', 'b', 'c'])
  })
})

describe('buildBreakdown', () => {
  const v = (part: string, tenant: string | undefined, value: number) => ({
    labels: { tb_part: part, ...(tenant === undefined ? {} : { tenant }) },
    value,
    timeS: 0,
  })
  it('gives each value its share of calls and errors, most calls first, the rest folded into other', () => {
    const b = buildBreakdown(
      [v('calls', 'acme', 6), v('calls', 'globex', 3), v('calls', undefined, 1), v('errors', 'globex', 1), v('errors', 'acme', 0)],
      'tenant',
      2,
    )
    expect(b.totalCalls).toBe(10)
    expect(b.rows.map((r) => [r.value, r.callShare, r.errorShare, r.errorRatio])).toEqual([
      ['acme', 0.6, 0, 0],
      ['globex', 0.3, 1, 1 / 3],
    ])
    expect(b.other).toMatchObject({ calls: 1, callShare: 0.1, errors: 0 })
  })

  it('has no error share when there are no errors at all', () => {
    expect(buildBreakdown([v('calls', 'a', 1)], 'tenant').rows[0]?.errorShare).toBeUndefined()
  })
})

describe('breakdownCandidates', () => {
  it('offers business labels, not the structure the preset already uses', () => {
    const p = RED_PRESETS.spanmetrics
    expect(breakdownCandidates(p, ['__name__', 'le', 'job', 'instance', 'service_name', 'span_name', 'span_kind', 'status_code', 'tenant', 'tenant'])).toEqual(['status_code', 'tenant'])
  })
})

describe('chartLines', () => {
  it('puts every tag on the regular grid with null gaps, scaled, in ms', () => {
    const lines = chartLines(
      [
        { labels: { tb_part: 'now' }, points: [[0, 1], [120, NaN]] },
        { labels: { tb_part: 'prev' }, points: [[60, 2]] },
      ],
      ['now', 'prev'],
      { startS: 0, endS: 120, stepS: 60 },
      10,
    )
    expect(lines).toEqual([
      { tag: 'now', points: [[0, 10], [60_000, null], [120_000, null]] },
      { tag: 'prev', points: [[0, null], [60_000, 20], [120_000, null]] },
    ])
  })
})

describe('exemplarPoints', () => {
  it('keeps exemplars with a trace id, converting seconds to ms, the newest when too many', () => {
    const n = 2 * MAX_EXEMPLARS + 10
    const many = Array.from({ length: n }, (_, i) => ({ labels: {}, value: 0.25, timeS: i, traceId: i % 2 ? `${i}`.padStart(16, '0') : undefined }))
    const points = exemplarPoints([{ seriesLabels: {}, exemplars: many }], 's')
    expect(points).toHaveLength(MAX_EXEMPLARS)
    expect(points.every((p) => p.valueMs === 250 && p.traceId.length === 16)).toBe(true)
    expect(points.at(-1)?.timeMs).toBe((n - 1) * 1000)
    expect(points[0]?.timeMs).toBe((n - 1 - 2 * (MAX_EXEMPLARS - 1)) * 1000)
  })
})

describe('trace lists', () => {
  const tr = (traceId: string, startUs: number, durationUs: number, errorCount: number): TraceSummary => ({
    traceId,
    rootService: 's',
    rootOperation: 'o',
    startUs,
    durationUs,
    spanCount: 1,
    errorCount,
    services: [],
    incomplete: false,
  })
  const list = [tr('a', 1, 50, 0), tr('b', 3, 10, 2), tr('c', 2, 90, 1)]
  it('lists error traces newest first and all traces slowest first', () => {
    expect(recentErrorTraces(list, 5).map((t) => t.traceId)).toEqual(['b', 'c'])
    expect(slowestTraces(list, 2).map((t) => t.traceId)).toEqual(['c', 'a'])
  })
  it('asks each backend for errors its own way', () => {
    expect(errorTraceTags('zipkin')).toEqual({ error: '' })
    expect(errorTraceTags('jaeger')).toEqual({ error: 'true' })
  })
})
