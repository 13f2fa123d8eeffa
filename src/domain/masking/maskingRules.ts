/**
 * Display masking rules (FAULTS.md "Secrets and privacy"). The gateway is where masking
 * protects anything; these rules mask again for display, so what a screen shows, copies or
 * lets a user filter by never holds a configured secret. Browser-side masking alone is
 * cosmetic: the raw response has already reached the browser.
 */

/** What happens to a field whose path matches a rule. */
export type FieldMaskAction = 'drop' | 'mask' | 'truncate'

/**
 * One field rule. `path` is dotted (`user.id`, `http.request.headers.authorization`); `*`
 * stands for any characters within one segment (`*token*`, `user.*`), a `**` segment for one or
 * more whole segments (`Attributes.**`: everything under a flat-keyed prefix). A rule matches a field
 * whose full dotted path equals it or ends with `.<path>`, so `user.id` also covers
 * `attributes.user.id` and `Attributes.user.id`. Matching ignores case: for privacy, matching
 * too much is the safe mistake.
 */
export interface FieldMaskRule {
  path: string
  action: FieldMaskAction
  /** `mask`: how many trailing characters stay readable (default 0). */
  keep?: number
  /** `truncate`: how many characters stay (default 64). */
  length?: number
}

/** A regular expression applied to every piece of text shown (messages and field values). */
export interface TextMaskPattern {
  /** JavaScript RegExp source, e.g. `[\w.+-]+@[\w-]+\.[\w.]+` for e-mail addresses. */
  pattern: string
  /** RegExp flags besides `g`, which is always added (`i`, `u`, `m`, `s`). */
  flags?: string
  /** Replacement text (default `***`); `$1`-style group references work. */
  replacement?: string
}

/** Masking configuration, the shape of the `masking` install option. */
export interface MaskingRules {
  fields?: readonly FieldMaskRule[]
  /** Plain strings are patterns with the default replacement. */
  messagePatterns?: readonly (string | TextMaskPattern)[]
}

export const DEFAULT_TRUNCATE_LENGTH = 64
export const DEFAULT_TEXT_REPLACEMENT = '***'
const MAX_KEEP = 64
const MAX_LENGTH = 100_000
const ALLOWED_FLAGS = /^[imsu]*$/

/** Thrown for rules that cannot be applied; `problems` names each bad entry. */
export class MaskingRuleError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`invalid masking rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'MaskingRuleError'
    this.problems = problems
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function checkCount(value: unknown, max: number): boolean {
  return value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max)
}

function checkPath(path: unknown): string | undefined {
  if (typeof path !== 'string' || path.trim() === '') return 'must be a non-empty string'
  if (path.split('.').some((s) => s === '')) return 'has an empty segment (".." or a leading/trailing ".")'
  return undefined
}

function checkPattern(entry: unknown): string | undefined {
  const p = typeof entry === 'string' ? { pattern: entry } : entry
  if (!isRecord(p) || typeof p.pattern !== 'string' || p.pattern === '') return 'expected a pattern string or {pattern, flags?, replacement?}'
  if (p.flags !== undefined && (typeof p.flags !== 'string' || !ALLOWED_FLAGS.test(p.flags))) return 'flags may only hold i, m, s, u'
  if (p.replacement !== undefined && typeof p.replacement !== 'string') return 'replacement must be a string'
  let re: RegExp
  try {
    re = new RegExp(p.pattern, typeof p.flags === 'string' ? p.flags : '')
  } catch (e) {
    return `not a valid regular expression (${e instanceof Error ? e.message : String(e)})`
  }
  // A pattern matching empty text would insert the replacement between every character.
  if (re.test('')) return 'matches empty text'
  return undefined
}

/**
 * Every problem in a masking configuration, as readable lines naming the entry
 * (`fields[2].action: …`). Accepts `unknown`: the rules may come from a JSON config file.
 */
export function validateMaskingRules(input: unknown): string[] {
  if (input === undefined) return []
  if (!isRecord(input)) return ['masking: expected an object {fields?, messagePatterns?}']
  const problems: string[] = []
  const { fields, messagePatterns } = input
  if (fields !== undefined && !Array.isArray(fields)) problems.push('masking.fields: expected an array')
  if (messagePatterns !== undefined && !Array.isArray(messagePatterns)) problems.push('masking.messagePatterns: expected an array')
  if (Array.isArray(fields)) {
    fields.forEach((rule: unknown, i) => {
      const at = `masking.fields[${i}]`
      if (!isRecord(rule)) return problems.push(`${at}: expected {path, action, keep?, length?}`)
      const pathProblem = checkPath(rule.path)
      if (pathProblem) problems.push(`${at}.path: ${pathProblem}`)
      if (rule.action !== 'drop' && rule.action !== 'mask' && rule.action !== 'truncate') {
        problems.push(`${at}.action: expected 'drop', 'mask' or 'truncate'`)
      }
      if (!checkCount(rule.keep, MAX_KEEP)) problems.push(`${at}.keep: expected a whole number from 0 to ${MAX_KEEP}`)
      if (!checkCount(rule.length, MAX_LENGTH) || rule.length === 0) {
        problems.push(`${at}.length: expected a whole number from 1 to ${MAX_LENGTH}`)
      }
      return undefined
    })
  }
  if (Array.isArray(messagePatterns)) {
    messagePatterns.forEach((entry: unknown, i) => {
      const problem = checkPattern(entry)
      if (problem) problems.push(`masking.messagePatterns[${i}]: ${problem}`)
    })
  }
  return problems
}

/** Returns the rules when valid; throws `MaskingRuleError` listing every problem otherwise. */
export function parseMaskingRules(input: unknown): MaskingRules {
  const problems = validateMaskingRules(input)
  if (problems.length > 0) throw new MaskingRuleError(problems)
  return (input ?? {}) as MaskingRules
}
