/** Secrets shorter than this are not searched for: scrubbing `abc` out of every payload would wreck data. */
export const MIN_SCRUBBED_SECRET_LENGTH = 8

const REDACTED = '[redacted]'

export interface SecretScrubber {
  /** The body with every form of every configured secret replaced by `[redacted]`. */
  body: (body: Buffer) => Buffer
  /** True when `text` (a header value) holds any form of a configured secret. */
  finds: (text: string) => boolean
}

/**
 * The base64 of `secret` wherever it sits in a longer encoded text: for each of the three byte
 * alignments, the characters that depend on the secret's bytes alone (`Basic base64(user:pw)`
 * holds the password's base64 at one of them). Both alphabets.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8')
  return [0, 1, 2].flatMap((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64')
    const stable = encoded.slice(shift === 0 ? 0 : 4, Math.floor((shift + bytes.length) / 3) * 4)
    return [stable, stable.replace(/\+/g, '-').replace(/\//g, '_')]
  })
}

/** Percent-encoded as encodeURIComponent does, with lower-case hex, and form-encoded (`+` for space). */
function urlForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret)
  return [encoded, encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), encoded.replace(/%20/g, '+')]
}

/**
 * The last line of defence for "no response ever contains a configured secret": an upstream
 * that echoes the gateway's request headers (some error pages do) gets them blanked in the
 * body, and a header holding one is dropped. Each secret is searched raw, JSON-escaped,
 * base64/base64url and URL-encoded. Cheap when nothing matches (a byte search per form).
 */
export function createSecretScrubber(secrets: readonly string[]): SecretScrubber {
  const forms = secrets
    .filter((s) => s.length >= MIN_SCRUBBED_SECRET_LENGTH)
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1), ...base64Forms(s), ...urlForms(s)])
  const needles = [...new Set(forms)].sort((a, b) => b.length - a.length).map((s) => ({ text: s, bytes: Buffer.from(s, 'utf8') }))
  return {
    body: (body) => {
      const found = needles.filter((n) => body.includes(n.bytes))
      if (found.length === 0) return body
      let text = body.toString('utf8')
      for (const n of found) text = text.split(n.text).join(REDACTED)
      return Buffer.from(text, 'utf8')
    },
    finds: (text) => needles.some((n) => text.includes(n.text)),
  }
}
