import { describe, expect, it } from 'vitest'
import { compileMasking, MaskingRuleError, parseMaskingRules, validateMaskingRules } from '@/domain/masking'

describe('validateMaskingRules', () => {
  it('accepts the documented shape and nothing at all', () => {
    expect(validateMaskingRules(undefined)).toEqual([])
    expect(
      validateMaskingRules({
        fields: [{ path: 'user.id', action: 'mask', keep: 4 }, { path: 'http.url', action: 'truncate', length: 80 }, { path: 'token', action: 'drop' }],
        messagePatterns: ['\\d{6}-\\d{7}', { pattern: 'Bearer \\S+', flags: 'i', replacement: 'Bearer ***' }],
      }),
    ).toEqual([])
  })

  it('names every bad entry', () => {
    const problems = validateMaskingRules({
      fields: [{ path: '', action: 'mask' }, { path: 'a..b', action: 'hash' }, { path: 'x', action: 'mask', keep: -1 }, { path: 'y', action: 'truncate', length: 0 }, 'nope'],
      messagePatterns: ['(unclosed', { pattern: 'a*' }, { pattern: 'x', flags: 'g' }, 7],
    })
    expect(problems).toEqual([
      'masking.fields[0].path: must be a non-empty string',
      'masking.fields[1].path: has an empty segment (".." or a leading/trailing ".")',
      "masking.fields[1].action: expected 'drop', 'mask' or 'truncate'",
      'masking.fields[2].keep: expected a whole number from 0 to 64',
      'masking.fields[3].length: expected a whole number from 1 to 100000',
      'masking.fields[4]: expected {path, action, keep?, length?}',
      expect.stringMatching(/^masking\.messagePatterns\[0\]: not a valid regular expression/),
      'masking.messagePatterns[1]: matches empty text',
      'masking.messagePatterns[2]: flags may only hold i, m, s, u',
      'masking.messagePatterns[3]: expected a pattern string or {pattern, flags?, replacement?}',
    ])
  })

  it('refuses a non-object', () => {
    expect(validateMaskingRules([])).toEqual(['masking: expected an object {fields?, messagePatterns?}'])
  })
})

describe('parseMaskingRules / compileMasking', () => {
  it('throw MaskingRuleError listing the problems, so a bad rule never silently shows data', () => {
    expect(() => parseMaskingRules({ fields: [{ path: 'a', action: 'nope' }] })).toThrow(MaskingRuleError)
    try {
      compileMasking({ messagePatterns: ['('] })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(MaskingRuleError)
      expect((e as MaskingRuleError).problems).toHaveLength(1)
    }
  })

  it('treats regex metacharacters in a path literally', () => {
    const m = compileMasking({ fields: [{ path: 'a+b.c(d)', action: 'drop' }] })
    expect(m.ruleFor('a+b.c(d)')?.action).toBe('drop')
    expect(m.ruleFor('aab.cd')).toBeUndefined()
  })
})
