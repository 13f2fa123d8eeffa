import { describe, expect, it } from 'vitest'
import { createTraceboardI18n } from '@/i18n'
import { metricsEn } from '@/i18n/features/metrics.en'
import { metricsKo } from '@/i18n/features/metrics.ko'

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)))
}

describe('metrics messages', () => {
  const keys = leaves(metricsEn)

  it('Korean has exactly the English keys', () => {
    expect(leaves(metricsKo).sort()).toEqual([...keys].sort())
  })

  it.each(['en', 'ko'] as const)('every %s message compiles and fills its placeholders', (locale) => {
    const { t } = createTraceboardI18n(locale)
    const params = { n: 3, v: '+1%', age: '5s', message: 'm', names: 'a, b', service: 's', range: '1h', label: 'l', firing: 1, pending: 2 }
    for (const key of keys) {
      const text = t(`metrics.${key}`, params)
      expect(text, key).not.toBe(`metrics.${key}`)
      expect(text, key).not.toMatch(/[{}]/)
    }
  })
})
