import { computed, type ComputedRef } from 'vue'
import { compileMasking, MaskingRuleError, NO_MASKING, type CompiledMasking, type MaskingRules } from '@/domain/masking'
import type { ResolvedOptions } from '@/module/options'

export interface LogMasking {
  /** Undefined when the rules are invalid: nothing may be shown then. */
  masking: CompiledMasking | undefined
  problems: string[]
}

/**
 * Display masking for log views: the rules passed to the component, else the `masking`
 * install option when the host set one. Invalid rules fail closed — records stay hidden and
 * the problems are listed — since showing data a rule meant to hide is the worse mistake.
 */
export function useLogMasking(rules: () => MaskingRules | undefined, options: ResolvedOptions): ComputedRef<LogMasking> {
  return computed(() => {
    const fromOptions = options.masking
    const input: unknown = rules() ?? fromOptions
    try {
      return { masking: input === undefined ? NO_MASKING : compileMasking(input as MaskingRules), problems: [] }
    } catch (e) {
      return { masking: undefined, problems: e instanceof MaskingRuleError ? e.problems : [String(e)] }
    }
  })
}
