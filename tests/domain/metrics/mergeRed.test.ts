import { describe, expect, it } from 'vitest'
import { mergeOperationRed, mergeServiceRed, type RedVectors } from '@/domain/metrics/mergeRed'
import type { InstantVector } from '@/domain/metrics/types'

const v = (label: string, entries: [string, number][]): InstantVector =>
  entries.map(([key, value]) => ({ labels: { [label]: key }, value, timeS: 1 }))

describe('mergeServiceRed', () => {
  it('joins figures per service; missing and NaN are undefined, a real 0 stays 0', () => {
    const vectors: RedVectors = {
      rate: v('svc', [['checkout', 3], ['catalog', 2], ['idle', 0]]),
      errorRatio: v('svc', [['checkout', 0.2], ['catalog', 0], ['idle', NaN]]),
      p50: v('svc', [['checkout', 53.125], ['catalog', 10], ['idle', NaN]]),
      p95: v('svc', [['checkout', 775], ['catalog', 40]]),
      p99: v('svc', [['checkout', 955], ['only-latency', 1]]),
    }
    expect(mergeServiceRed(vectors, 'svc')).toEqual([
      { service: 'catalog', rate: 2, errorRatio: 0, p50Ms: 10, p95Ms: 40, p99Ms: undefined },
      { service: 'checkout', rate: 3, errorRatio: 0.2, p50Ms: 53.125, p95Ms: 775, p99Ms: 955 },
      { service: 'idle', rate: 0, errorRatio: undefined, p50Ms: undefined, p95Ms: undefined, p99Ms: undefined },
      { service: 'only-latency', rate: undefined, errorRatio: undefined, p50Ms: undefined, p95Ms: undefined, p99Ms: 1 },
    ])
  })

  it('±Inf is no data too', () => {
    const vectors: RedVectors = { rate: v('s', [['a', Infinity]]), errorRatio: v('s', [['a', -Infinity]]), p50: [], p95: [], p99: [] }
    expect(mergeServiceRed(vectors, 's')).toEqual([
      { service: 'a', rate: undefined, errorRatio: undefined, p50Ms: undefined, p95Ms: undefined, p99Ms: undefined },
    ])
  })

  it('a series without the service label is kept under ""', () => {
    const vectors: RedVectors = { rate: [{ labels: {}, value: 1, timeS: 1 }], errorRatio: [], p50: [], p95: [], p99: [] }
    expect(mergeServiceRed(vectors, 'svc').map((r) => r.service)).toEqual([''])
  })

  it('nothing in → nothing out', () => {
    expect(mergeServiceRed({ rate: [], errorRatio: [], p50: [], p95: [], p99: [] }, 'svc')).toEqual([])
  })
})

describe('mergeOperationRed', () => {
  it('keys by the operation label', () => {
    const vectors: RedVectors = {
      rate: v('span_name', [['GET /a', 1]]),
      errorRatio: v('span_name', [['GET /a', 0]]),
      p50: [],
      p95: v('span_name', [['GET /a', 12]]),
      p99: [],
    }
    expect(mergeOperationRed(vectors, 'span_name')).toEqual([
      { operation: 'GET /a', rate: 1, errorRatio: 0, p50Ms: undefined, p95Ms: 12, p99Ms: undefined },
    ])
  })
})
