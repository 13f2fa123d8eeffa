import { describe, expect, it } from 'vitest'
import { pickHistogramInterval } from '@/domain/logs/logHistogram'

describe('pickHistogramInterval', () => {
  it('picks the smallest round interval within the bucket budget', () => {
    expect(pickHistogramInterval(60 * 60_000, 60)).toBe(60_000)
    expect(pickHistogramInterval(15 * 60_000, 60)).toBe(15_000)
    expect(pickHistogramInterval(24 * 3_600_000, 60)).toBe(30 * 60_000)
    expect(pickHistogramInterval(1000, 60)).toBe(1000)
  })

  it('never yields more buckets than asked, even for huge ranges', () => {
    for (const range of [1, 59_999, 7 * 86_400_000, 400 * 86_400_000, 50 * 365 * 86_400_000]) {
      for (const max of [1, 10, 60, 200]) {
        const interval = pickHistogramInterval(range, max)
        expect(range / interval).toBeLessThanOrEqual(max)
      }
    }
  })
})
