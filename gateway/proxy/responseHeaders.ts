// The upstream is hostile: a header it sends must not carry anything to the browser but what
// the gateway itself would write. So the two headers that pass are rebuilt from fixed parts,
// never copied, and every other upstream header is dropped.

/** Media types a proxied answer may be labelled with: JSON (every API), plain text, OTLP protobuf, form. */
const MEDIA_TYPES: ReadonlySet<string> = new Set(['application/json', 'text/plain', 'application/x-protobuf', 'application/protobuf', 'application/x-www-form-urlencoded'])
const CHARSETS: ReadonlySet<string> = new Set(['utf-8', 'us-ascii', 'iso-8859-1'])

/**
 * The label of an answer whose type is unknown, malformed or repeated (an HTML error page,
 * `application/vnd.…`): opaque bytes that a browser neither renders nor sniffs, and that
 * masking refuses rather than parses.
 */
export const OPAQUE_CONTENT_TYPE = 'application/octet-stream'

const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * `type/subtype` from the fixed set plus at most a `charset` from a fixed set; any other
 * parameter is dropped. Undefined when the upstream sent none (nothing is guessed).
 */
export function rebuildContentType(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') return OPAQUE_CONTENT_TYPE
  const [media = '', ...params] = value.split(';')
  const given = media.trim().toLowerCase()
  // Zipkin 3 (Armeria) labels its plain-text errors (`… not found`, `For input string: "x"`)
  // with the wildcard `text/*`: plain text is the only safe reading of it.
  const type = given === 'text/*' ? 'text/plain' : given
  if (!MEDIA_TYPES.has(type)) return OPAQUE_CONTENT_TYPE
  for (const param of params) {
    const eq = param.indexOf('=')
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue
    const charset = param.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase()
    return CHARSETS.has(charset) ? `${type}; charset=${charset}` : type
  }
  return type
}

/** Delta-seconds or an IMF-fixdate HTTP date, re-printed from the parsed value; anything else is dropped. */
export function rebuildRetryAfter(value: string | readonly string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined
  const v = value.trim()
  if (/^\d{1,9}$/.test(v)) return String(Number(v))
  if (!IMF_FIXDATE.test(v)) return undefined
  const ms = Date.parse(v)
  return Number.isNaN(ms) ? undefined : new Date(ms).toUTCString()
}

/** The only upstream response headers that reach the browser, rebuilt. */
export function passedResponseHeaders(upstream: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {}
  const contentType = rebuildContentType(upstream['content-type'])
  const retryAfter = rebuildRetryAfter(upstream['retry-after'])
  if (contentType !== undefined) out['content-type'] = contentType
  if (retryAfter !== undefined) out['retry-after'] = retryAfter
  return out
}
