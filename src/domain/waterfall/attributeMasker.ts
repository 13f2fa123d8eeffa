import { maskField, type CompiledMasking } from '../masking'
import type { AttributeValue } from '../trace'

/**
 * Masks one attribute (span attribute, resource attribute or event field, by its own dotted
 * key) for display, search and download; undefined when a rule drops it.
 */
export type AttributeMasker = (path: string, value: AttributeValue) => AttributeValue | undefined

/** A masker for compiled rules; undefined when there is nothing to mask. */
export function attributeMasker(m: CompiledMasking): AttributeMasker | undefined {
  if (m.empty) return undefined
  return (path, value) => {
    const r = maskField(path, value, m)
    if (r.dropped) return undefined
    const v = r.value
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v)
  }
}

/** Invalid rules fail closed: nothing an attribute holds is shown or searched. */
export const DROP_EVERY_ATTRIBUTE: AttributeMasker = () => undefined
