import { describe, expect, it } from 'vitest'
import { DEFAULT_RANGE, parseRelativeRange, rangeFromQuery, rangeToQuery, resolveRange } from '@/domain/time/timeRange'
import { formatDurationUs, parseHumanDurationUs } from '@/domain/time/durations'

describe('time ranges in the URL', () => {
  it('round-trips relative and absolute ranges through query parameters', () => {
    const rel = parseRelativeRange('7d')!
    expect(rangeFromQuery(rangeToQuery(rel))).toEqual(rel)
    const abs = { kind: 'absolute' as const, fromMs: 1_700_000_000_000, toMs: 1_700_000_900_000 }
    expect(rangeFromQuery(rangeToQuery(abs))).toEqual(abs)
  })

  it('falls back to the default for unreadable or inverted values', () => {
    expect(rangeFromQuery({ range: '15x' })).toEqual(DEFAULT_RANGE)
    expect(rangeFromQuery({ from: '200', to: '100' })).toEqual(DEFAULT_RANGE)
    expect(rangeFromQuery({ from: 'abc', to: '100' })).toEqual(DEFAULT_RANGE)
    expect(parseRelativeRange('0m')).toBeUndefined()
  })

  it('resolves a relative range against now', () => {
    expect(resolveRange(parseRelativeRange('15m')!, 1_000_000_000)).toEqual({ fromMs: 1_000_000_000 - 900_000, toMs: 1_000_000_000 })
  })
})

describe('durations typed by users and shown to them', () => {
  it.each([
    ['250ms', 250_000],
    ['2s', 2_000_000],
    ['1.5m', 90_000_000],
    ['800us', 800],
    ['800µs', 800],
    ['120', 120_000],
    [' 3 S ', 3_000_000],
  ])('%s is %d µs', (text, us) => expect(parseHumanDurationUs(text)).toBe(us))

  it.each(['', 'abc', '-5ms', '5 days', '1e3ms'])('rejects %j', (text) => expect(parseHumanDurationUs(text)).toBeUndefined())

  it.each([
    [850, '850µs'],
    [12_345, '12.3ms'],
    [2_500_000, '2.50s'],
    [185_000_000, '3m 05s'],
    [Number.NaN, '–'],
  ])('formats %d µs as %s', (us, text) => expect(formatDurationUs(us)).toBe(text))
})
