import type { MaskingRule } from '../config/configSchema'
import { globMatches } from '../policy/globs'
import { maskString, type ValueRule } from './maskValue'

/** The masking rules of one scope (logs or traces), ready to apply. */
export interface FieldMasker {
  readonly rules: readonly MaskingRule[]
  /** First rule whose field glob matches the (dotted) field name. */
  find(field: string): MaskingRule | undefined
  /** Applies a value rule to a JSON value: primitives become masked strings, containers are masked leaf by leaf. */
  apply(rule: ValueRule, value: unknown): unknown
}

/** Builds the masker for `scope`; `extraDrops` (forbidden fields) are dropped first. */
export function createFieldMasker(
  rules: readonly MaskingRule[],
  scope: 'logs' | 'traces',
  hmacKey: string | undefined,
  extraDrops: readonly string[] = [],
): FieldMasker {
  const scoped: MaskingRule[] = [
    ...extraDrops.map((field): MaskingRule => ({ field, action: 'drop', scope: [scope] })),
    ...rules.filter((r) => r.scope.includes(scope)),
  ]
  const cache = new Map<string, MaskingRule | null>()

  function find(field: string): MaskingRule | undefined {
    let hit = cache.get(field)
    if (hit === undefined) {
      hit = scoped.find((r) => globMatches(r.field, field)) ?? null
      if (cache.size < 10_000) cache.set(field, hit)
    }
    return hit ?? undefined
  }

  function apply(rule: ValueRule, value: unknown): unknown {
    if (value === null || value === undefined) return value
    if (typeof value === 'string') return maskString(rule, value, hmacKey)
    if (typeof value === 'number' || typeof value === 'boolean') return maskString(rule, String(value), hmacKey)
    if (Array.isArray(value)) return value.map((v) => apply(rule, v))
    if (typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = apply(rule, v)
      return out
    }
    return maskString(rule, String(value), hmacKey)
  }

  return { rules: scoped, find, apply }
}
