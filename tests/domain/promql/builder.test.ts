import { describe, expect, it } from 'vitest'
import {
  binary,
  eq,
  histogramQuantile,
  labelSelector,
  neq,
  nre,
  num,
  rate,
  re,
  rePattern,
  selector,
  sumBy,
} from '@/domain/promql/builder'
import { assertDuration, parseDurationSeconds } from '@/domain/promql/duration'
import { decodeGoString, parseErrors, parseNodes, stringLiterals } from './lezerPromql'

describe('matchers and selectors', () => {
  it('renders the four matcher kinds', () => {
    const q = selector('http_requests_total', [
      eq('job', 'api'),
      neq('code', '200'),
      re('service', ['a.b', 'c']),
      nre('route', ['/health']),
    ])
    expect(q).toBe('http_requests_total{job="api", code!="200", service=~"a\\\\.b|c", route!~"/health"}')
    expect(parseErrors(q)).toEqual([])
  })

  it('re() joins RE2-escaped literals with |', () => {
    const q = selector('up', [re('svc', ['pay.ments+', 'x|y', 'we"ird\\'])])
    const [literal] = stringLiterals(q)
    expect(decodeGoString(literal ?? '')).toBe('pay\\.ments\\+|x\\|y|we"ird\\\\')
  })

  it('re() with no values is an error, not a matcher that only matches ""', () => {
    expect(() => re('svc', [])).toThrow(/at least one value/)
    expect(() => nre('svc', [])).toThrow(/at least one value/)
  })

  it('rePattern() keeps a trusted pattern as a regex but Go-escapes it', () => {
    const m = rePattern('code', '5..')
    expect(m.text).toBe('code=~"5.."')
    expect(rePattern('code', '4..', '!~').text).toBe('code!~"4.."')
  })

  it('a selector without matchers is the bare metric name', () => {
    expect(selector('up')).toBe('up')
  })

  it('labelSelector() needs a matcher and parses', () => {
    const q = labelSelector([re('__name__', ['a_total', 'b_bucket'])])
    expect(q).toBe('{__name__=~"a_total|b_bucket"}')
    expect(parseErrors(q)).toEqual([])
    expect(() => labelSelector([])).toThrow()
  })

  it('an injection attempt in a value stays one string literal', () => {
    const evil = '"} or vector(1) or up{a="'
    const q = selector('up', [eq('svc', evil)])
    expect(parseErrors(q)).toEqual([])
    expect(parseNodes(q).some((n) => n.name === 'Or')).toBe(false)
    expect(stringLiterals(q).map(decodeGoString)).toEqual([evil])
  })
})

describe('names are validated, never escaped', () => {
  it.each(['foo-bar', '1abc', 'a b', 'up{x="1"}', '', 'résumé', 'a.b'])('rejects metric name %j', (name) => {
    expect(() => selector(name)).toThrow(/invalid PromQL metric name/)
  })

  it.each(['ok:colon', 'http_requests_total', '_x', 'a1'])('accepts metric name %j', (name) => {
    expect(selector(name)).toBe(name)
  })

  it.each(['a:b', 'bad-label', '9x', 'le"', '', 'x}'])('rejects label name %j in matchers and grouping', (name) => {
    expect(() => eq(name, 'v')).toThrow(/invalid PromQL label name/)
    expect(() => sumBy([name], selector('up'))).toThrow(/invalid PromQL label name/)
  })
})

describe('functions', () => {
  it('rate + sum by + histogram_quantile compose into a query that parses', () => {
    const buckets = sumBy(['service', 'le'], rate(selector('lat_bucket', [eq('kind', 'server')]), '5m'))
    const q = binary(histogramQuantile(0.95, buckets), '*', num(1000))
    expect(q).toBe('(histogram_quantile(0.95, sum by (service, le) (rate(lat_bucket{kind="server"}[5m])))) * (1000)')
    expect(parseErrors(q)).toEqual([])
  })

  it('sumBy with no labels is a plain sum', () => {
    expect(sumBy([], selector('up'))).toBe('sum (up)')
  })

  it('histogram_quantile rejects quantiles outside [0, 1]', () => {
    expect(() => histogramQuantile(1.5, selector('x'))).toThrow(/quantile/)
    expect(() => histogramQuantile(NaN, selector('x'))).toThrow(/quantile/)
  })

  it('number literals: negatives parenthesised, NaN and Inf spelled as PromQL does', () => {
    expect(num(-2)).toBe('(-2)')
    expect(num(NaN)).toBe('NaN')
    expect(num(Infinity)).toBe('Inf')
    for (const n of [num(-2), num(NaN), num(Infinity), num(-Infinity), num(1e21)]) expect(parseErrors(n)).toEqual([])
  })
})

describe('durations', () => {
  it.each([
    ['5m', 300],
    ['30s', 30],
    ['1h30m', 5400],
    ['250ms', 0.25],
    ['1d', 86400],
    ['2w', 1209600],
  ])('%s is %d s', (d, s) => {
    expect(parseDurationSeconds(d)).toBe(s)
    expect(parseErrors(rate(selector('x'), d))).toEqual([])
  })

  it.each(['5', '5 m', '0s', '-5m', '5m)', 'm', '', '30m1h', '5M', '1.5m'])('rejects %j', (d) => {
    expect(parseDurationSeconds(d)).toBeUndefined()
    expect(() => assertDuration(d)).toThrow(/invalid PromQL duration/)
    expect(() => rate(selector('x'), d)).toThrow(/invalid PromQL duration/)
  })
})
