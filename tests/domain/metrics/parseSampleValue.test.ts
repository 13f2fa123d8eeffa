import { describe, expect, it } from 'vitest'
import { parseSampleValue } from '@/domain/metrics/parseSampleValue'

describe('parseSampleValue', () => {
  it.each([
    ['1', 1],
    ['-0.5', -0.5],
    ['1e+00', 1],
    ['2.5E-3', 0.0025],
    ['.5', 0.5],
    ['9223372036854', 9223372036854],
    ['+Inf', Infinity],
    ['Inf', Infinity],
    ['-Inf', -Infinity],
  ])('%s → %d', (raw, expected) => {
    expect(parseSampleValue(raw)).toBe(expected)
  })

  it('"NaN" is NaN (no data), not 0', () => {
    expect(parseSampleValue('NaN')).toBeNaN()
  })

  it.each(['', ' ', ' 1', 'abc', '0x10', '1,5', 'nan', 'infinity'])('%j is not a sample value', (raw) => {
    expect(parseSampleValue(raw)).toBeUndefined()
  })

  it('a bare JSON number is passed through', () => {
    expect(parseSampleValue(3.25)).toBe(3.25)
  })
})
