import { describe, expect, it } from 'vitest'
import { formatCount, formatLocalTimestamp } from '@/domain/waterfall'

describe('display formats without Intl', () => {
  it('writes local timestamps with milliseconds', () => {
    const ms = new Date(2026, 10, 2, 4, 5, 6, 7).getTime()
    expect(formatLocalTimestamp(ms)).toBe('2026-11-02 04:05:06.007')
    expect(formatLocalTimestamp(Number.NaN)).toBe('–')
  })

  it('groups digits by three', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(100_000)).toBe('100,000')
    expect(formatCount(-1_234_567)).toBe('-1,234,567')
  })
})
