import { describe, expect, it } from 'vitest'
import { goDuration, jsonTags, rfc3339, secondsDuration, zipkinAnnotationQuery } from '../../../src/services/traces/queryFormat'

describe('query formatting per backend', () => {
  it('Go durations for Jaeger v1 pick a readable unit', () => {
    expect([goDuration(250), goDuration(1500), goDuration(100_000), goDuration(1_500_000), goDuration(-3)]).toEqual([
      '250us',
      '1.5ms',
      '100ms',
      '1.5s',
      '0us',
    ])
  })

  it('seconds for Jaeger v3, exact to the microsecond, no exponent notation', () => {
    expect([secondsDuration(1), secondsDuration(100_000), secondsDuration(1_500_000), secondsDuration(3_000_000), secondsDuration(1_234_567)]).toEqual([
      '0.000001s',
      '0.1s',
      '1.5s',
      '3s',
      '1.234567s',
    ])
  })

  it('Zipkin annotationQuery joins with " and "; an empty value asks for the key only', () => {
    expect(zipkinAnnotationQuery({ error: '', 'http.path': '/api' })).toBe('error and http.path=/api')
    expect(zipkinAnnotationQuery({})).toBeUndefined()
  })

  it('JSON tags and RFC 3339 times', () => {
    expect(jsonTags({ a: '"x"' })).toBe('{"a":"\\"x\\""}')
    expect(jsonTags(undefined)).toBeUndefined()
    expect(rfc3339(0)).toBe('1970-01-01T00:00:00.000Z')
  })
})
