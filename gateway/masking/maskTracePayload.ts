import type { FieldMasker } from './fieldMasker'

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isPrimitive(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/** OTLP AnyValue as one string: `{stringValue}`, `{intValue}` (a string in OTLP JSON), arrays and maps as JSON. */
function anyValueText(value: Record<string, unknown>): string {
  for (const k of ['stringValue', 'intValue', 'doubleValue', 'boolValue', 'bytesValue']) {
    const v = value[k]
    if (v !== undefined) return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return JSON.stringify(value)
}

/** Zipkin v2 `tags`: a map of string values. */
function maskTagMap(tags: Record<string, unknown>, masker: FieldMasker): void {
  for (const [key, value] of Object.entries(tags)) {
    const rule = masker.find(key)
    if (!rule) continue
    if (rule.action === 'drop') delete tags[key]
    else tags[key] = masker.apply(rule, isPrimitive(value) ? value : JSON.stringify(value))
  }
}

/**
 * A key/value list: Jaeger v1 `tags`/`fields` (`{key, type, value}`) or OTLP `attributes`
 * (`{key, value: AnyValue}`). Masked values become strings, so their type says string too.
 */
function maskKeyValueList(list: unknown[], masker: FieldMasker): unknown[] {
  const out: unknown[] = []
  for (const item of list) {
    if (!isObject(item) || typeof item.key !== 'string') {
      out.push(item)
      continue
    }
    const rule = masker.find(item.key)
    if (!rule) out.push(item)
    else if (rule.action !== 'drop') {
      if (typeof item.type === 'string') {
        // Jaeger v1: binary tags are base64 text already; int64 beyond 2^53 arrive as strings.
        item.value = masker.apply(rule, isPrimitive(item.value) ? item.value : JSON.stringify(item.value))
        item.type = 'string'
      } else if (isObject(item.value)) {
        item.value = { stringValue: masker.apply(rule, anyValueText(item.value)) }
      } else {
        item.value = masker.apply(rule, isPrimitive(item.value) ? item.value : JSON.stringify(item.value))
      }
      out.push(item)
    }
  }
  return out
}

const KEY_VALUE_LISTS = new Set(['tags', 'fields', 'attributes'])

/**
 * Masks span payloads of any supported trace API in place: Zipkin `tags` maps, Jaeger v1
 * span/process `tags` and log `fields`, OTLP resource/span/event `attributes` (Jaeger
 * `/api/v3`). One iterative walk over the whole payload, so the shape of the envelope
 * (`Span[]`, `Span[][]`, `{data}`, `{result: {resourceSpans}}`) does not matter.
 */
export function maskTracePayload(payload: unknown, masker: FieldMasker): void {
  if (masker.rules.length === 0) return
  const stack: unknown[] = [payload]
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) stack.push(item)
      continue
    }
    if (!isObject(node)) continue
    for (const [key, child] of Object.entries(node)) {
      if (KEY_VALUE_LISTS.has(key) && Array.isArray(child)) {
        const masked = maskKeyValueList(child, masker)
        node[key] = masked
        stack.push(masked)
      } else if (key === 'tags' && isObject(child)) {
        maskTagMap(child, masker)
      } else if (typeof child === 'object' && child !== null) {
        stack.push(child)
      }
    }
  }
}
