import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LogQueryError } from '@/domain/logs/logQueryError'
import { checkFieldName, checkTimeRange, isSafeFieldName, parseLogSpanId, traceIdQueryValues } from '@/domain/logs/logQueryInput'

const ID32 = '0102030405060708090a0b0c0d0e0f10'

function problemOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e) {
    if (e instanceof LogQueryError) return e.problem
    throw e
  }
  return undefined
}

describe('traceIdQueryValues', () => {
  it('accepts 32 hex digits, trimmed and lowercased', () => {
    expect(traceIdQueryValues(` ${ID32.toUpperCase()} `)).toEqual([ID32])
  })

  it('also looks a 64-bit id up in its zero-padded 128-bit form, and the reverse', () => {
    expect(traceIdQueryValues('a1b2c3d4e5f60718')).toEqual(['a1b2c3d4e5f60718', '0000000000000000a1b2c3d4e5f60718'])
    expect(traceIdQueryValues('0000000000000000a1b2c3d4e5f60718')).toEqual(['0000000000000000a1b2c3d4e5f60718', 'a1b2c3d4e5f60718'])
  })

  it.each(['*', 'a OR 1:1', `${ID32}0`, ID32.slice(1), '', 'trace.id:*', '0000000000000000', `"${ID32}"`, `${ID32.slice(0, 31)}g`])(
    'rejects %j with a typed error',
    (input) => {
      expect(problemOf(() => traceIdQueryValues(input))).toEqual({ kind: 'invalidTraceId', input })
    },
  )

  it('rejects every string that is not 16 or 32 hex digits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        fc.pre(!/^\s*([0-9a-fA-F]{16}|[0-9a-fA-F]{32})\s*$/.test(s))
        expect(() => traceIdQueryValues(s)).toThrow(LogQueryError)
      }),
    )
  })

  it('accepts every 16 or 32 hex digit id that is not all zeros', () => {
    const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: n, maxLength: n })
    fc.assert(
      fc.property(fc.oneof(hex(16), hex(32)), (s) => {
        fc.pre(!/^0+$/.test(s))
        expect(traceIdQueryValues(s)[0]).toBe(s.toLowerCase())
      }),
    )
  })
})

describe('parseLogSpanId', () => {
  it('accepts 16 hex digits only', () => {
    expect(parseLogSpanId(' 0102030405060708 ')).toBe('0102030405060708')
    for (const bad of ['*', '010203040506070', '01020304050607080', ID32, '0000000000000000']) {
      expect(problemOf(() => parseLogSpanId(bad))).toEqual({ kind: 'invalidSpanId', input: bad })
    }
  })
})

describe('checkTimeRange', () => {
  it('passes ordered finite ranges, rounding outwards to whole ms', () => {
    expect(checkTimeRange({ fromMs: 10.7, toMs: 20.2 })).toEqual({ fromMs: 10, toMs: 21 })
  })

  it('rejects reversed and non-finite ranges', () => {
    expect(problemOf(() => checkTimeRange({ fromMs: 2, toMs: 1 }))).toMatchObject({ kind: 'invalidTimeRange' })
    expect(problemOf(() => checkTimeRange({ fromMs: NaN, toMs: 1 }))).toMatchObject({ kind: 'invalidTimeRange' })
    expect(problemOf(() => checkTimeRange({ fromMs: 0, toMs: Infinity }))).toMatchObject({ kind: 'invalidTimeRange' })
  })
})

describe('field names', () => {
  it('accepts real field names', () => {
    for (const f of ['@timestamp', 'trace.id', 'traceId.keyword', 'resource.attributes.service.name', 'Resource.service.name', 'http.request.x-id']) {
      expect(isSafeFieldName(f)).toBe(true)
    }
  })

  it('rejects metadata fields, wildcards, spaces and empty segments', () => {
    for (const f of ['_id', '_index', '*', 'a*', 'a b', 'a..b', 'a.', '', 'a"b', 'x'.repeat(300)]) {
      expect(isSafeFieldName(f)).toBe(false)
      expect(problemOf(() => checkFieldName(f))).toEqual({ kind: 'invalidFieldName', field: f })
    }
  })
})
