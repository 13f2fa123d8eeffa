/** Secrets shorter than this are not searched for: scrubbing `abc` out of every payload would wreck data. */
export const MIN_SCRUBBED_SECRET_LENGTH = 8

const REDACTED = '[redacted]'

/**
 * The last line of defence for "no response ever contains a configured secret": an upstream
 * that echoes the gateway's request headers (some error pages do) gets them blanked.
 * Cheap when nothing matches (a byte search per secret, raw and JSON-escaped).
 */
export function createSecretScrubber(secrets: readonly string[]): (body: Buffer) => Buffer {
  const needles = [
    ...new Set(
      secrets
        .filter((s) => s.length >= MIN_SCRUBBED_SECRET_LENGTH)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ]
    .sort((a, b) => b.length - a.length)
    .map((s) => ({ text: s, bytes: Buffer.from(s, 'utf8') }))
  return (body) => {
    const found = needles.filter((n) => body.includes(n.bytes))
    if (found.length === 0) return body
    let text = body.toString('utf8')
    for (const n of found) text = text.split(n.text).join(REDACTED)
    return Buffer.from(text, 'utf8')
  }
}
