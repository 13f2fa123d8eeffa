import { describe, expect, it } from 'vitest'
import { escapeRegex, quotePromQLString } from '@/domain/promql/escapeString'
import { decodeGoString } from './lezerPromql'

describe('quotePromQLString', () => {
  it.each([
    ['plain', 'checkout', '"checkout"'],
    ['double quote', 'say "hi"', '"say \\"hi\\""'],
    ['backslash', 'C:\\dir', '"C:\\\\dir"'],
    ['newline and tab', 'a\nb\tc', '"a\\nb\\tc"'],
    ['carriage return', 'a\rb', '"a\\rb"'],
    ['NUL and other C0 controls', 'a\u0000b\u001b', '"a\\u0000b\\u001b"'],
    ['DEL and C1 controls', '\u007f\u0085', '"\\u007f\\u0085"'],
    ['single quote stays raw (\\\' is invalid in a Go "..." string)', "it's", '"it\'s"'],
    ['Korean and emoji stay readable', '결제-서비스 🚀', '"결제-서비스 🚀"'],
    ['RTL mark and bidi override are made visible', 'a\u200fb\u202ec', '"a\\u200fb\\u202ec"'],
    ['zero-width space, BOM, line separator', '\u200b\ufeff\u2028', '"\\u200b\\ufeff\\u2028"'],
  ])('%s', (_what, input, expected) => {
    const quoted = quotePromQLString(input)
    expect(quoted).toBe(expected)
    expect(decodeGoString(quoted)).toBe(input)
  })

  it('writes a lone surrogate as U+FFFD (what UTF-8 encoding would send anyway)', () => {
    expect(quotePromQLString('a\ud800b')).toBe('"a\\ufffdb"')
    expect(decodeGoString(quotePromQLString('\udc00'))).toBe('\ufffd')
  })

  it('cannot be closed early by an injection attempt', () => {
    const evil = '"} or vector(1) or up{a="'
    expect(decodeGoString(quotePromQLString(evil))).toBe(evil)
  })
})

describe('escapeRegex', () => {
  it('escapes every RE2 metacharacter, as Go regexp.QuoteMeta does', () => {
    expect(escapeRegex('\\.+*?()|[]{}^$')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$')
  })

  it('leaves other characters alone', () => {
    expect(escapeRegex('a-b_c/d 결제 "q"')).toBe('a-b_c/d 결제 "q"')
  })

  it.each(['pay.ments', 'a|b', 'x+', '(v2)', '^start$', '[abc]', 'a\\d'])('%s matches only itself', (value) => {
    const rx = new RegExp(`^(?:${escapeRegex(value)})$`, 'u')
    expect(rx.test(value)).toBe(true)
    expect(rx.test(value.replace(/[.|+()^$[\]\\]/g, 'X'))).toBe(false)
  })
})
