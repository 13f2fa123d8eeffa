import { describe, expect, it } from 'vitest'
import { formatAge, formatChange, formatLatency, formatPercent, formatPointDelta, formatRate, NO_DATA, rawFigure } from '@/domain/metricsViews/formatFigures'

describe('figure text', () => {
  it('shows no data as a dash, never as 0', () => {
    for (const f of [formatRate, formatPercent, formatChange, formatPointDelta]) expect(f(undefined, 'en')).toBe(NO_DATA)
    expect(formatLatency(undefined)).toBe(NO_DATA)
    expect(rawFigure(undefined)).toBe('')
    expect(rawFigure(0)).toBe('0')
  })

  it('formats rates and percentages with sensible precision', () => {
    expect(formatRate(1234.5, 'en')).toBe('1,235')
    expect(formatRate(12.34, 'en')).toBe('12.3')
    expect(formatRate(0.004, 'en')).toBe('<0.01')
    expect(formatRate(0, 'en')).toBe('0')
    expect(formatPercent(0, 'en')).toBe('0%')
    expect(formatPercent(0.0042, 'en')).toBe('0.42%')
    expect(formatPercent(0.125, 'en')).toBe('12.5%')
    expect(formatPercent(0.00000001, 'en')).toBe('<0.01%')
  })

  it('signs changes', () => {
    expect(formatChange(0.123, 'en')).toBe('+12%')
    expect(formatChange(-0.05, 'en')).toBe('−5%')
    expect(formatChange(0.001, 'en')).toBe('±0%')
    expect(formatPointDelta(0.004, 'en')).toBe('+0.4pp')
    expect(formatPointDelta(-0.012, 'en')).toBe('−1.2pp')
  })

  it('writes ages', () => {
    expect(formatAge(42_000)).toBe('42s')
    expect(formatAge(5 * 60_000)).toBe('5m')
    expect(formatAge(190 * 60_000)).toBe('3h 10m')
    expect(formatAge(52 * 3600_000)).toBe('2d 4h')
    expect(formatAge(-5)).toBe('0s')
  })
})
