import { GatewayError } from '../http/gatewayError'

/**
 * Types whose body may be JSON. Besides `application/json`: `text/plain`, since Jaeger v2's
 * `/api/v3` HTTP gateway (1.75) labels every JSON answer `text/plain; charset=utf-8`. Such a
 * body is masked when it parses, and refused (when masking is required) when it does not.
 */
function mayBeJson(contentType: string): boolean {
  return /\bjson\b/i.test(contentType) || /^text\/plain\s*(?:;|$)/i.test(contentType)
}

/**
 * A response transform that parses a successful JSON answer, lets `mutate` change it in place
 * (masking, PIT bookkeeping) and re-serialises it. Error answers pass untouched. When
 * `required` (masking rules exist), a 2xx answer that is not JSON is refused rather than
 * passed unmasked.
 */
export function jsonTransform(backend: string, required: boolean, mutate: (body: unknown) => void) {
  return (status: number, contentType: string | undefined, body: Buffer): Buffer => {
    if (status < 200 || status >= 300) return body
    if (!contentType || !mayBeJson(contentType)) {
      if (required) throw new GatewayError(502, 'bad_upstream_response', `${backend} answered with ${contentType ?? 'no content type'}, which cannot be masked`)
      return body
    }
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      if (required) throw new GatewayError(502, 'bad_upstream_response', `${backend} answered with invalid JSON, which cannot be masked`)
      return body
    }
    mutate(parsed)
    return Buffer.from(JSON.stringify(parsed), 'utf8')
  }
}
