import {
  DEFAULT_TEXT_REPLACEMENT,
  DEFAULT_TRUNCATE_LENGTH,
  parseMaskingRules,
  type FieldMaskAction,
  type MaskingRules,
} from './maskingRules'

/** A field rule ready to apply. */
export interface ResolvedFieldRule {
  action: FieldMaskAction
  keep: number
  length: number
}

/** Rules compiled once, applied to many records. */
export interface CompiledMasking {
  /** True when there is nothing to apply: callers may skip masking entirely. */
  readonly empty: boolean
  /** The rule for a dotted field path, if any (the most severe when several match). */
  ruleFor(path: string): ResolvedFieldRule | undefined
  /** Applies every text pattern. */
  maskText(text: string): string
}

const SEVERITY: Record<FieldMaskAction, number> = { drop: 3, mask: 2, truncate: 1 }
// Paths come from documents, so the cache is bounded; real logs repeat a few hundred paths.
const MAX_CACHED_PATHS = 5000

function pathRegExp(path: string): RegExp {
  const body = path
    .split('.')
    .map((segment) =>
      segment === '**' ? '.+' : segment.split('*').map((s) => s.replace(/[\\^$+?.()|[\]{}]/g, '\\$&')).join('[^.]*'),
    )
    .join('\\.')
  return new RegExp(`^(?:.*\\.)?${body}$`, 'i')
}

export const NO_MASKING: CompiledMasking = {
  empty: true,
  ruleFor: () => undefined,
  maskText: (text) => text,
}

/**
 * Validates and compiles masking rules (throws `MaskingRuleError`). Field rules become
 * anchored RegExps with a per-path decision cache; text patterns become global RegExps.
 */
export function compileMasking(input: MaskingRules | undefined): CompiledMasking {
  const rules = parseMaskingRules(input)
  const fieldRules = (rules.fields ?? []).map((r) => ({
    re: pathRegExp(r.path),
    rule: {
      action: r.action,
      keep: r.keep ?? 0,
      length: r.length ?? DEFAULT_TRUNCATE_LENGTH,
    } satisfies ResolvedFieldRule,
  }))
  const patterns = (rules.messagePatterns ?? []).map((p) => {
    const spec = typeof p === 'string' ? { pattern: p } : p
    const flags = [...new Set(`${spec.flags ?? ''}g`)].join('')
    return { re: new RegExp(spec.pattern, flags), replacement: spec.replacement ?? DEFAULT_TEXT_REPLACEMENT }
  })
  if (fieldRules.length === 0 && patterns.length === 0) return NO_MASKING

  const cache = new Map<string, ResolvedFieldRule | null>()
  function ruleFor(path: string): ResolvedFieldRule | undefined {
    const cached = cache.get(path)
    if (cached !== undefined) return cached ?? undefined
    let found: ResolvedFieldRule | undefined
    for (const { re, rule } of fieldRules) {
      if (re.test(path) && (!found || SEVERITY[rule.action] > SEVERITY[found.action])) found = rule
    }
    if (cache.size >= MAX_CACHED_PATHS) cache.clear()
    cache.set(path, found ?? null)
    return found
  }

  function maskText(text: string): string {
    let out = text
    for (const { re, replacement } of patterns) out = out.replace(re, replacement)
    return out
  }

  return { empty: false, ruleFor, maskText: patterns.length > 0 ? maskText : (text) => text }
}
