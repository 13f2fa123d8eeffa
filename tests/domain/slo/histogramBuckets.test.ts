import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bucketProblem, finiteBounds, leRegex, leSpellings, matchingLeValues, thresholdInUnit } from '@/domain/slo/histogramBuckets'

describe('le spellings', () => {
  it('covers client libraries (Go g-format), Prometheus 3 normalisation and OpenMetrics', () => {
    expect(leSpellings(0.25)).toEqual(['0.25', '2.5e-01'])
    expect(leSpellings(1)).toEqual(expect.arrayContaining(['1', '1.0', '1e+00', '1.0e+00']))
    expect(leSpellings(300)).toEqual(expect.arrayContaining(['300', '300.0']))
    expect(leSpellings(1e6)).toEqual(expect.arrayContaining(['1000000', '1000000.0', '1e+06', '1.0e+06']))
    expect(leSpellings(0.00001)).toEqual(expect.arrayContaining(['0.00001', '1e-05', '1.0e-05']))
    expect(() => leSpellings(Infinity)).toThrow()
  })

  it('property: every spelling parses back to the bound, and the regex matches exactly them', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), (b) => {
        const rx = new RegExp(`^(?:${leRegex([b])})$`)
        for (const s of leSpellings(b)) {
          expect(Number(s)).toBe(b)
          expect(rx.test(s)).toBe(true)
        }
        expect(rx.test(`${b}1`)).toBe(false)
      }),
    )
  })

  it('ms thresholds in a seconds histogram, without binary noise', () => {
    expect(thresholdInUnit(300, 's')).toBe(0.3)
    expect(thresholdInUnit(2.5, 's')).toBe(0.0025)
    expect(thresholdInUnit(300, 'ms')).toBe(300)
  })
})

describe('threshold against the buckets Prometheus has', () => {
  const secondsLe = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '+Inf']

  it('finds the bucket whatever its spelling', () => {
    expect(matchingLeValues(250, 's', secondsLe)).toEqual(['0.25'])
    expect(matchingLeValues(1000, 's', [...secondsLe, '1.0'])).toEqual(['1', '1.0'])
    expect(matchingLeValues(100, 'ms', ['50', '100.0', '+Inf'])).toEqual(['100.0'])
    expect(bucketProblem(250, 's', 'http_server_request_duration_seconds_bucket', secondsLe)).toBeUndefined()
  })

  it('a threshold between bounds names the buckets that exist, in ms', () => {
    expect(bucketProblem(300, 's', 'http_server_request_duration_seconds_bucket', secondsLe)).toBe(
      'no histogram bucket at 300 ms in http_server_request_duration_seconds_bucket: the buckets are 5, 10, 25, 50, 100, 250, 500, 1000 ms',
    )
  })

  it('no buckets at all (Micrometer without percentiles-histogram) says so', () => {
    expect(bucketProblem(300, 's', 'http_server_requests_seconds_bucket', [])).toMatch(/no histogram buckets found for http_server_requests_seconds_bucket/)
  })

  it('finiteBounds drops +Inf and garbage, sorts numerically, merges spellings', () => {
    expect(finiteBounds(['10', '+Inf', '2', 'x', '', '10.0', '1e+01'])).toEqual([2, 10])
  })
})
