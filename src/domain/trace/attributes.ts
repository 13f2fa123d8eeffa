import type { AttributeValue, Attributes } from './model'

/** Shared empty attribute set (frozen so a stray write cannot leak into every span). */
export const NO_ATTRIBUTES: Attributes = Object.freeze({})

/**
 * Sets one attribute without letting a key named `__proto__` (hostile or just odd data) replace
 * the object's prototype: plain assignment would, and the value would silently vanish.
 */
export function setAttribute(target: Record<string, AttributeValue>, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}

/** `b` wins on equal keys (Zipkin's merge order); safe for every key. */
export function mergeAttributes(a: Attributes, b: Attributes): Attributes {
  const out: Record<string, AttributeValue> = {}
  for (const k of Object.keys(a)) setAttribute(out, k, a[k] as AttributeValue)
  for (const k of Object.keys(b)) setAttribute(out, k, b[k] as AttributeValue)
  return out
}

/**
 * Turns any JSON value into an attribute value: primitives pass, finite numbers stay numbers,
 * everything else becomes JSON text so it can still be shown.
 */
export function toAttributeValue(v: unknown): AttributeValue {
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v)
  if (v === null || v === undefined) return ''
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
