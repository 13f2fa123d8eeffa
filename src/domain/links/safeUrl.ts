/**
 * The one place that decides whether backend-supplied text may become a link (FAULTS.md
 * "Hostile content"): only absolute http(s) URLs; `javascript:`, `data:` and their encoded or
 * whitespace-smuggled variants stay plain text.
 */
export function toSafeHttpUrl(value: string): string | undefined {
  // Browsers strip tabs/newlines inside URLs ("java\tscript:"), so judge what they would see.
  const cleaned = value.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (!/^https?:\/\//i.test(cleaned)) return undefined
  try {
    const url = new URL(cleaned)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  } catch {
    return undefined
  }
}

/**
 * Only relative in-app paths are accepted for a `returnTo` or a link carried in a URL, so a
 * crafted link can never send the user to another site (open redirect).
 */
export function toSafeInAppPath(value: string): string | undefined {
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined
  if (/[\u0000-\u001f\\]/.test(value)) return undefined
  try {
    const url = new URL(value, 'http://in-app.invalid')
    return url.origin === 'http://in-app.invalid' ? url.pathname + url.search + url.hash : undefined
  } catch {
    return undefined
  }
}

/**
 * Fills a configured link template (`https://kibana/app/discover#/?q=trace.id:{traceId}`) with
 * backend values. Values are URL-encoded, and the result must keep the template's own origin:
 * the origin is fixed by configuration, never by data.
 */
export function fillLinkTemplate(template: string, values: Record<string, string>): string | undefined {
  const base = toSafeHttpUrl(template.replace(/\{[a-zA-Z]+\}/g, 'x'))
  if (!base) return undefined
  const filled = template.replace(/\{([a-zA-Z]+)\}/g, (_m, key: string) => encodeURIComponent(values[key] ?? ''))
  const url = toSafeHttpUrl(filled)
  return url && new URL(url).origin === new URL(base).origin ? url : undefined
}
