/**
 * Property tests: whatever string a label value is, the builder's literal parses with the
 * official grammar and means exactly that string (decoded by Go's rules), and a regex matcher
 * built from literals matches exactly those literals.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { eq, re, selector } from '@/domain/promql/builder'
import { decodeGoString, parseErrors, stringLiterals } from './lezerPromql'

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  // Dense in the characters that matter for escaping.
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\r', '\t', '\u200f', '\u202e', '.', '|', '(', '*', '$', '{', '}', 'a', '\u0000', '\u0085'), maxLength: 30 }),
)

describe('label values round-trip through lezer-promql', () => {
  it('eq(): parses, one StringLiteral, decodes back to the value', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const q = selector('up', [eq('service_name', value)])
        expect(parseErrors(q)).toEqual([])
        const literals = stringLiterals(q)
        expect(literals).toHaveLength(1)
        expect(decodeGoString(literals[0] ?? '')).toBe(value)
      }),
      { numRuns: 1000 },
    )
  })

  it('re(): the decoded RE2 pattern matches each literal and nothing else generated', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyString, { minLength: 1, maxLength: 4 }), anyString, (values, other) => {
        const q = selector('up', [re('service_name', values)])
        expect(parseErrors(q)).toEqual([])
        const [literal] = stringLiterals(q)
        const pattern = decodeGoString(literal ?? '')
        // Prometheus anchors matchers (^(?:...)$); JS RegExp with `u` approximates RE2 here.
        const rx = new RegExp(`^(?:${pattern})$`, 'su')
        for (const v of values) expect(rx.test(v)).toBe(true)
        expect(rx.test(other)).toBe(values.includes(other))
      }),
      { numRuns: 1000 },
    )
  })
})
