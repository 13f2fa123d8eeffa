import { describe, expect, it } from 'vitest'
import { encodeIndexPattern } from '@/services/logs/indexPattern'

describe('encodeIndexPattern', () => {
  it.each([
    ['logs-*', 'logs-*'],
    ['logs-*,-logs-old-*', 'logs-*,-logs-old-*'],
    ['.ds-logs-app-default-*', '.ds-logs-app-default-*'],
    ['remote:logs-*', 'remote:logs-*'],
    ['app+x', 'app%2Bx'],
    ['filebeat-8.12.0-2024.03.12', 'filebeat-8.12.0-2024.03.12'],
  ])('%s → %s', (pattern, encoded) => {
    expect(encodeIndexPattern(pattern)).toBe(encoded)
  })

  it('yields one path segment that cannot leave the index position', () => {
    for (const p of ['logs-*', 'a,b', 'r:x', '.x*', 'a+b']) {
      const encoded = encodeIndexPattern(p)
      expect(encoded).not.toMatch(/[/?#\s]/)
      expect(encoded.split(',').every((t) => t !== '.' && t !== '..')).toBe(true)
    }
  })
})
