import { computed, type ComputedRef } from 'vue'
import { compileMasking, MaskingRuleError, NO_MASKING, type CompiledMasking, type MaskingRules } from '@/domain/masking'
import { attributeMasker, DROP_EVERY_ATTRIBUTE, type AttributeMasker } from '@/domain/waterfall'
import { useTraceboardContext } from '@/module/context'

export interface TraceMasking {
  /** The rules as configured, for the worker (which compiles them itself). */
  rules: MaskingRules | undefined
  compiled: CompiledMasking
  /** Undefined when there is nothing to mask. */
  masker: AttributeMasker | undefined
  /** Non-empty when the rules are invalid: then every attribute is hidden (fail closed). */
  problems: string[]
}

/**
 * Display masking of span attributes from the `masking` install option (the same rules the log
 * views apply). Masking in the browser is cosmetic — the gateway is what protects data — but
 * nothing a rule names is shown, searched or downloaded here.
 */
export function useTraceMasking(override?: () => MaskingRules | undefined): ComputedRef<TraceMasking> {
  const { options } = useTraceboardContext()
  return computed(() => {
    const configured = options.masking
    const rules = (override?.() ?? configured) as MaskingRules | undefined
    try {
      const compiled = rules === undefined ? NO_MASKING : compileMasking(rules)
      return { rules, compiled, masker: attributeMasker(compiled), problems: [] }
    } catch (e) {
      const problems = e instanceof MaskingRuleError ? e.problems : [String(e)]
      return { rules, compiled: NO_MASKING, masker: DROP_EVERY_ATTRIBUTE, problems }
    }
  })
}
