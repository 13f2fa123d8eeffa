import { describe, expect, it } from 'vitest'
import { compareWorstFirst, judgeHealth, type HealthThresholds } from '@/domain/health/serviceHealth'
import type { RedFigures } from '@/domain/metrics/mergeRed'

const t: HealthThresholds = {
  warning: { errorRatio: 0.01, p95Ms: 1000 },
  critical: { errorRatio: 0.05, p95Ms: 2000 },
  perService: { batch: { warning: { p95Ms: 5000 }, critical: { p95Ms: 10_000 } } },
}
const fig = (p: Partial<RedFigures>): RedFigures => ({ rate: 10, errorRatio: 0, p50Ms: 10, p95Ms: 50, p99Ms: 80, ...p })

describe('judgeHealth', () => {
  it('uses the default thresholds at their boundaries (≥)', () => {
    expect(judgeHealth('a', fig({ errorRatio: 0.0099 }), t).status).toBe('healthy')
    expect(judgeHealth('a', fig({ errorRatio: 0.01 }), t)).toEqual({ status: 'warning', reasons: ['errorRatio'] })
    expect(judgeHealth('a', fig({ p95Ms: 1000 }), t)).toEqual({ status: 'warning', reasons: ['p95'] })
    expect(judgeHealth('a', fig({ errorRatio: 0.05, p95Ms: 2500 }), t)).toEqual({ status: 'critical', reasons: ['errorRatio', 'p95'] })
  })

  it('applies per-service overrides on top of the defaults', () => {
    expect(judgeHealth('batch', fig({ p95Ms: 4000 }), t).status).toBe('healthy')
    expect(judgeHealth('batch', fig({ p95Ms: 12_000 }), t).status).toBe('critical')
    expect(judgeHealth('batch', fig({ errorRatio: 0.2 }), t).status).toBe('critical')
  })

  it('calls a service without figures "no data", never healthy', () => {
    expect(judgeHealth('a', fig({ rate: undefined, errorRatio: undefined, p95Ms: undefined }), t).status).toBe('nodata')
    expect(judgeHealth('a', fig({ rate: 0, errorRatio: undefined, p95Ms: undefined }), t).status).toBe('nodata')
  })

  it('judges by the error ratio alone when latency has no data', () => {
    expect(judgeHealth('a', fig({ p95Ms: undefined, errorRatio: 0.02 }), t).status).toBe('warning')
  })
})

describe('compareWorstFirst', () => {
  it('orders critical, warning, no data, healthy, then by error ratio and p95', () => {
    const rows = [
      { service: 'ok', status: 'healthy' as const, figures: fig({}) },
      { service: 'silent', status: 'nodata' as const, figures: fig({ rate: undefined }) },
      { service: 'slow', status: 'warning' as const, figures: fig({ p95Ms: 1500 }) },
      { service: 'bad', status: 'critical' as const, figures: fig({ errorRatio: 0.1 }) },
      { service: 'worse', status: 'critical' as const, figures: fig({ errorRatio: 0.3 }) },
    ]
    expect(rows.sort(compareWorstFirst).map((r) => r.service)).toEqual(['worse', 'bad', 'slow', 'silent', 'ok'])
  })
})
