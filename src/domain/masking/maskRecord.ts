import type { CompiledMasking, ResolvedFieldRule } from './compileMasking'

export const MASK = '****'
/** Below this depth nothing is walked: what lies deeper is replaced, never shown unmasked. */
const MAX_DEPTH = 64
const TOO_DEEP = '[nested too deep]'

/** Hides a value, keeping its last `keep` characters when the value is long enough to spare them. */
export function maskString(text: string, keep: number): string {
  if (keep <= 0) return MASK
  const chars = Array.from(text)
  // Revealing the tail of a short value would reveal most of it.
  return chars.length > keep * 2 ? MASK + chars.slice(-keep).join('') : MASK
}

/** Cuts text to `length` characters (code points, so Hangul and emoji are never split). */
export function truncateString(text: string, length: number): string {
  if (text.length <= length) return text
  const chars = Array.from(text)
  return chars.length <= length ? text : `${chars.slice(0, length).join('')}…`
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Applies one field rule to the value found at its path; `undefined` means "drop it". */
export function applyFieldRule(rule: ResolvedFieldRule, value: unknown, m: CompiledMasking, path = ''): unknown {
  switch (rule.action) {
    case 'drop':
      return undefined
    case 'mask':
      if (value === null || value === undefined) return value
      // An object's serialised tail (`"}`) tells nothing worth keeping.
      return typeof value === 'object' ? MASK : maskString(asText(value), rule.keep)
    case 'truncate':
      if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value
      // Patterns first, so a secret is masked whole rather than cut in half and left readable.
      return truncateString(asText(maskValue(value, path, m, 0)), rule.length)
  }
}

function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__` as a plain assignment would replace the prototype instead of adding a key
  // (JSON.parse keeps it as an ordinary own key, and so must we).
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  else out[key] = value
}

function maskValue(value: unknown, path: string, m: CompiledMasking, depth: number): unknown {
  if (typeof value === 'string') return m.maskText(value)
  if (typeof value !== 'object' || value === null) return value
  if (depth >= MAX_DEPTH) return TOO_DEEP
  if (Array.isArray(value)) return value.map((item: unknown) => maskValue(item, path, m, depth + 1))
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key]
    const childPath = path === '' ? key : `${path}.${key}`
    const rule = m.ruleFor(childPath)
    if (rule) {
      if (rule.action !== 'drop') setOwn(out, key, applyFieldRule(rule, child, m, childPath))
    } else {
      setOwn(out, key, maskValue(child, childPath, m, depth + 1))
    }
  }
  return out
}

/**
 * Masks a record for display: nested documents (an Elasticsearch `_source`), flat attribute
 * maps with dotted keys (span tags, OTel attributes) and any mix of the two. Paths are the
 * keys joined with `.`; array items share their array's path. Returns a new object (the input
 * is never changed), or the input itself when there are no rules.
 */
export function maskRecord(record: Readonly<Record<string, unknown>>, m: CompiledMasking, basePath = ''): Record<string, unknown> {
  if (m.empty) return record as Record<string, unknown>
  return maskValue(record, basePath, m, 0) as Record<string, unknown>
}

/**
 * Masks one value known by its path (a span's `http.url` attribute): the field rule when one
 * matches, else the text patterns. `{ dropped: true }` when a rule drops it.
 */
export function maskField(path: string, value: unknown, m: CompiledMasking): { dropped: true } | { dropped: false; value: unknown } {
  if (m.empty) return { dropped: false, value }
  const rule = m.ruleFor(path)
  if (rule?.action === 'drop') return { dropped: true }
  return { dropped: false, value: rule ? applyFieldRule(rule, value, m, path) : maskValue(value, path, m, 0) }
}
