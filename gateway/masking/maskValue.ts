import { createHmac } from 'node:crypto'
import type { MaskingRule } from '../config/configSchema'

export type ValueRule = Exclude<MaskingRule, { action: 'drop' }>

const MASK = '****'

/**
 * Applies a value-keeping rule to one string: `mask` → `****` plus the last N characters
 * (nothing when the value is that short), `truncate` → the first N characters and `…`,
 * `hmac` → `hmac:` + hex HMAC-SHA256 under the server-held key (same input, same output, so
 * equal values still group and join). Counts code points, never splitting a character.
 */
export function maskString(rule: ValueRule, value: string, hmacKey: string | undefined): string {
  switch (rule.action) {
    case 'mask': {
      const chars = Array.from(value)
      return rule.keepLast > 0 && chars.length > rule.keepLast ? MASK + chars.slice(-rule.keepLast).join('') : MASK
    }
    case 'truncate': {
      if (value.length <= rule.length) return value
      const chars = Array.from(value)
      return chars.length <= rule.length ? value : chars.slice(0, rule.length).join('') + '…'
    }
    case 'hmac':
      if (hmacKey === undefined) throw new Error('hmac masking without a key (config validation should have refused this)')
      return 'hmac:' + createHmac('sha256', hmacKey).update(value, 'utf8').digest('hex')
  }
}
