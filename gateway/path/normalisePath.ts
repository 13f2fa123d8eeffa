/** A request path split into decoded segments, or why it was refused. */
export type NormalisedPath = { ok: true; segments: string[] } | { ok: false; reason: string }

// Encodings no honest client sends: encodeURIComponent never encodes `.`, and an encoded `/`,
// `\`, `%` or NUL only ever serves to smuggle a traversal past one decoder and into the next
// (the classic `%2e%2e%2f`, `%252e` and `..%5c` tricks; Spring-based upstreams such as Zipkin
// also treat `;` as a path-parameter separator, so `..;` is a traversal for them).
const SMUGGLING = /%(?:2e|2f|5c|25|00|3b)/i
const MALFORMED_PERCENT = /%(?![0-9a-fA-F]{2})/
const DOT_SEGMENT = /^\.\.?(?:;.*)?$/

/**
 * Normalises the raw (still percent-encoded) path of a proxied request, e.g. `/api/v1/query`:
 * decodes it exactly once and refuses `..`/`.` segments, any encoded dot, slash, backslash,
 * percent (double encoding), semicolon or NUL, raw backslashes and semicolons, control
 * characters, non-ASCII bytes and empty segments. Never throws.
 */
export function normalisePath(rawPath: string): NormalisedPath {
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'path must start with /' }
  for (let i = 0; i < rawPath.length; i++) {
    const c = rawPath.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f) return { ok: false, reason: 'control character, space or non-ASCII byte in path' }
  }
  if (rawPath.includes('\\')) return { ok: false, reason: 'backslash in path' }
  if (rawPath.includes(';')) return { ok: false, reason: 'semicolon in path' }
  if (MALFORMED_PERCENT.test(rawPath)) return { ok: false, reason: 'malformed percent-encoding' }
  if (SMUGGLING.test(rawPath)) return { ok: false, reason: 'encoded dot, slash, backslash, percent, semicolon or NUL in path' }
  let decoded: string
  try {
    decoded = decodeURIComponent(rawPath)
  } catch {
    return { ok: false, reason: 'percent-encoding is not valid UTF-8' }
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) return { ok: false, reason: 'encoded control character in path' }
  const segments = decoded.slice(1).split('/')
  for (const s of segments) {
    if (s === '') return { ok: false, reason: 'empty path segment' }
    if (DOT_SEGMENT.test(s)) return { ok: false, reason: '"." or ".." path segment' }
  }
  return { ok: true, segments }
}

/** Encodes one decoded segment for the upstream URL; `,` `:` `@` `*` stay readable (index lists, CCS). */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%40/g, '@')
}

/** `/a/b` from decoded segments, each encoded so that none can add a path level. */
export function encodePath(segments: readonly string[]): string {
  return '/' + segments.map(encodeSegment).join('/')
}
