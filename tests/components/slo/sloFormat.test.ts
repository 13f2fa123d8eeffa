import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatBudgetPct, formatBurnRate, formatSli, splitMinutes } from '@/components/slo/sloFormat'

describe('SLO figures as text', () => {
  it('keeps the zeros of whole numbers: 100 % is not "1%", 10× is not "1"', () => {
    expect(formatBudgetPct(1, 0)).toBe('100%')
    expect(formatBudgetPct(0.1, 0)).toBe('10%')
    expect(formatBudgetPct(0.5)).toBe('50%')
    expect(formatBurnRate(100)).toBe('100')
    expect(formatBurnRate(10)).toBe('10')
    expect(formatSli(1)).toBe('100%')
  })

  it('truncates towards the worse side, forgiving float noise', () => {
    expect(formatSli(0.999996)).toBe('99.999%')
    expect(formatSli(0.9995)).toBe('99.95%')
    expect(formatBudgetPct(0.004, 0)).toBe('<1%')
    expect(formatBudgetPct(0.369, 0)).toBe('36%')
    expect(formatBudgetPct(-0.25)).toBe('25%')
    expect(splitMinutes(0.001 * 43200)).toEqual({ kind: 'minutes', n: '43.2' })
    expect(splitMinutes(125.9)).toEqual({ kind: 'hours', h: 2, m: 5 })
  })

  it('shows no data as a dash', () => {
    expect(formatSli(undefined)).toBe('–')
    expect(formatBurnRate(undefined)).toBe('–')
  })

  it('property: a budget shown never exceeds the budget left', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.0005, max: 1, noNaN: true }), fc.integer({ min: 0, max: 2 }), (remaining, digits) => {
        const shown = Number(formatBudgetPct(remaining, digits).replace(/[<%]/g, ''))
        expect(shown).toBeLessThanOrEqual(remaining * 100 * (1 + 1e-9) + 10 ** -digits)
        if (!formatBudgetPct(remaining, digits).startsWith('<')) expect(shown).toBeLessThanOrEqual(remaining * 100 * (1 + 1e-9))
      }),
    )
  })
})
