import { describe, expect, it } from 'vitest'
import { kindProblem, objectiveProblem, sloNameProblem, thresholdProblem, windowProblem } from '@/domain/slo/sloDefinition'

describe('SLO definition checks', () => {
  it('objective strictly inside (0, 100), saying what came', () => {
    expect(objectiveProblem(99.9)).toBeUndefined()
    expect(objectiveProblem(0.5)).toBeUndefined()
    expect(objectiveProblem(100)).toBe('Invalid input: expected a percentage above 0 and below 100 (e.g. 99.9), got 100')
    expect(objectiveProblem(0)).toMatch(/got 0$/)
    expect(objectiveProblem(0.999)).toBeUndefined()
    expect(objectiveProblem('99.9')).toMatch(/got "99.9"$/)
    expect(objectiveProblem(NaN)).toMatch(/got NaN$/)
    expect(objectiveProblem(undefined)).toMatch(/got nothing$/)
  })

  it('window is 7d, 28d or 30d', () => {
    expect(windowProblem('28d')).toBeUndefined()
    expect(windowProblem('14d')).toBe("Invalid input: expected one of '7d', '28d', '30d', got \"14d\"")
    expect(windowProblem(30)).toMatch(/got 30$/)
  })

  it('kind, threshold and name', () => {
    expect(kindProblem('latency')).toBeUndefined()
    expect(kindProblem('throughput')).toMatch(/'availability', 'latency', got "throughput"/)
    expect(thresholdProblem(300)).toBeUndefined()
    expect(thresholdProblem(-1)).toMatch(/above 0, got -1/)
    expect(thresholdProblem({})).toMatch(/got an object$/)
    expect(sloNameProblem('checkout-availability')).toBeUndefined()
    expect(sloNameProblem('check out')).toMatch(/letters, digits/)
    expect(sloNameProblem('{{ $labels }}')).toMatch(/letters, digits/)
  })
})
