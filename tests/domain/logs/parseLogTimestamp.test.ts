import { describe, expect, it } from 'vitest'
import { parseLogTimestamp } from '@/domain/logs/parseLogTimestamp'

const AT = Date.UTC(2024, 2, 12, 20, 0, 41, 123)

describe('parseLogTimestamp', () => {
  it('keeps nanoseconds of an ISO timestamp apart from the milliseconds', () => {
    expect(parseLogTimestamp('2024-03-12T20:00:41.123456789Z')).toEqual({
      timeMs: AT,
      subMsNanos: 456789,
      iso: '2024-03-12T20:00:41.123456789Z',
    })
  })

  it('reads epoch_millis strings with a fraction (OTel mapping mode)', () => {
    expect(parseLogTimestamp('1710273641123.456789')).toEqual({
      timeMs: AT,
      subMsNanos: 456789,
      iso: '2024-03-12T20:00:41.123456789Z',
    })
  })

  it('reads epoch millis numbers', () => {
    expect(parseLogTimestamp(AT)).toEqual({ timeMs: AT, iso: '2024-03-12T20:00:41.123Z' })
    expect(parseLogTimestamp(AT + 0.5)?.subMsNanos).toBe(500000)
  })

  it('reads a date-time without a zone as UTC, like Elasticsearch does', () => {
    expect(parseLogTimestamp('2099-11-15T14:12:12')?.timeMs).toBe(Date.UTC(2099, 10, 15, 14, 12, 12))
  })

  it('applies zone offsets', () => {
    expect(parseLogTimestamp('2024-03-12T22:00:41.123+02:00')?.timeMs).toBe(AT)
    expect(parseLogTimestamp('2024-03-12T15:00:41.123-0500')?.timeMs).toBe(AT)
    expect(parseLogTimestamp('2024-03-12 20:00:41,123Z')?.timeMs).toBe(AT)
  })

  it('reads date-only values and short fractions', () => {
    expect(parseLogTimestamp('2024-03-12')?.timeMs).toBe(Date.UTC(2024, 2, 12))
    expect(parseLogTimestamp('2024-03-12T20:00:41.1Z')?.timeMs).toBe(Date.UTC(2024, 2, 12, 20, 0, 41, 100))
  })

  it('rejects what is not a timestamp', () => {
    for (const bad of ['', 'yesterday', '2024-13-01T00:00:00Z', '2024-03-12T20:61:00Z', NaN, null, {}, true]) {
      expect(parseLogTimestamp(bad)).toBeUndefined()
    }
  })
})
