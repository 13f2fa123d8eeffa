import type { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import type { ResolvedUpstream } from '../config/resolveConfig'
import { GatewayError, sendGatewayError, type ReplyLike } from '../http/gatewayError'
import type { SecretScrubber } from '../masking/scrubSecrets'
import { passedResponseHeaders } from './responseHeaders'

export interface ForwardSpec {
  upstream: ResolvedUpstream
  /** Name shown in error messages ("metrics", "traces", "logs"); never the upstream URL. */
  backend: string
  /** Encoded path below the upstream's base path, e.g. `/api/v1/query`. */
  path: string
  /** Query string without `?` (already checked), or ''. */
  query: string
  method: 'GET' | 'POST' | 'DELETE'
  /** Body to send (the checked, re-serialised one), `null` for an empty POST/DELETE. */
  body?: { text: string; contentType: string } | null
  user: string
  /** When the gateway started on this request (the timeout covers the whole exchange). */
  startedAt: number
  /**
   * Post-processing of the complete upstream body (masking, PIT bookkeeping); may throw
   * GatewayError. `contentType` is the rebuilt one; `upstreamMediaType` is the bare type the
   * upstream declared (lower case, undefined when absent or repeated), only to classify it.
   */
  transform?: (status: number, contentType: string | undefined, body: Buffer, upstreamMediaType: string | undefined) => Buffer
  /** Last step on every body that reaches the browser. */
  scrub: SecretScrubber
}

type ReadResult = { kind: 'body'; body: Buffer } | { kind: 'tooLarge' } | { kind: 'timeout' } | { kind: 'error' }

function readCapped(stream: Readable, maxBytes: number, deadline: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let total = 0
    let settled = false
    const finish = (r: ReadResult, destroy: boolean): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (destroy) stream.destroy()
      resolve(r)
    }
    const timer = setTimeout(() => finish({ kind: 'timeout' }, true), Math.max(0, deadline - Date.now()))
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total > maxBytes) finish({ kind: 'tooLarge' }, true)
      else chunks.push(chunk)
    })
    stream.on('end', () => finish({ kind: 'body', body: Buffer.concat(chunks) }, false))
    stream.on('error', () => finish({ kind: 'error' }, true))
  })
}

function timeoutError(spec: ForwardSpec): GatewayError {
  return new GatewayError(504, 'upstream_timeout', `${spec.backend} did not answer within ${spec.upstream.timeoutMs} ms`)
}

interface UpstreamHead {
  declaredLength: number | undefined
  mediaType: string | undefined
}

async function finishResponse(reply: ReplyLike, stream: Readable, status: number, head: UpstreamHead, spec: ForwardSpec): Promise<void> {
  const { declaredLength } = head
  const { upstream } = spec
  // The browser must never see a backend 401/403: inside a host app a 401 reads as "your
  // session expired" and logs the user out. This one means the GATEWAY's credentials failed.
  if (status === 401 || status === 403) {
    stream.destroy()
    sendGatewayError(reply, new GatewayError(502, 'upstream_unauthorized', `${spec.backend} refused the gateway's credentials (HTTP ${status}); ask an administrator`))
    return
  }
  const tooLarge = new GatewayError(502, 'response_too_large', `${spec.backend} answered with more than ${upstream.maxResponseBytes} bytes; narrow the query`)
  if (declaredLength !== undefined && declaredLength > upstream.maxResponseBytes) {
    stream.destroy()
    sendGatewayError(reply, tooLarge)
    return
  }
  const read = await readCapped(stream, upstream.maxResponseBytes, spec.startedAt + upstream.timeoutMs)
  if (read.kind === 'tooLarge') return void sendGatewayError(reply, tooLarge)
  if (read.kind === 'timeout') return void sendGatewayError(reply, timeoutError(spec))
  if (read.kind === 'error') {
    return void sendGatewayError(reply, new GatewayError(502, 'upstream_unreachable', `${spec.backend} broke off its answer`))
  }
  const contentType = reply.getHeader('content-type')
  let body: Buffer
  try {
    body = spec.transform ? spec.transform(status, typeof contentType === 'string' ? contentType : undefined, read.body, head.mediaType) : read.body
  } catch (e) {
    if (e instanceof GatewayError) return void sendGatewayError(reply, e)
    throw e
  }
  reply.code(status)
  reply.send(spec.scrub.body(body))
}

/**
 * Sends the request to the configured upstream through @fastify/reply-from with headers built
 * from scratch (the browser's Cookie and Authorization never go upstream; the server-side
 * credentials do), then buffers the answer up to the size cap so it can be refused (502/504)
 * before any byte reaches the browser, post-processed and scrubbed.
 */
export function forwardRequest(reply: FastifyReply, spec: ForwardSpec): FastifyReply {
  const { upstream } = spec
  const url = `${upstream.origin}${upstream.basePath}${spec.path}`
  const head: UpstreamHead = { declaredLength: undefined, mediaType: undefined }
  const body = spec.body === undefined ? undefined : spec.body === null ? null : spec.body.text

  return reply.from(url, {
    method: spec.method,
    body,
    contentType: spec.body ? spec.body.contentType : undefined,
    queryString: () => spec.query,
    timeout: upstream.timeoutMs,
    // The browser's client retries with backoff itself; reply-from would retry 503s ten times.
    retryDelay: () => null,
    rewriteRequestHeaders: (request, headers) => {
      const out: Record<string, string> = {
        host: String(headers.host),
        accept: 'application/json',
        // Uncompressed, so the body can be size-capped, masked and scrubbed.
        'accept-encoding': 'identity',
        'user-agent': 'traceboard-gateway',
      }
      if (spec.body) {
        out['content-type'] = spec.body.contentType
        out['content-length'] = String(Buffer.byteLength(spec.body.text))
      } else if (spec.body === null) {
        out['content-length'] = '0'
      }
      if (upstream.userHeader && /^[\x21-\x7e][\x20-\x7e]*$/.test(spec.user)) out[upstream.userHeader] = spec.user
      Object.assign(out, upstream.headers)
      return out
    },
    rewriteHeaders: (headers) => {
      const len = headers['content-length']
      head.declaredLength = typeof len === 'string' && /^\d+$/.test(len) ? Number(len) : undefined
      const type = headers['content-type']
      head.mediaType = typeof type === 'string' ? type.split(';')[0]?.trim().toLowerCase() : undefined
      // Only a rebuilt Content-Type and Retry-After: no Set-Cookie (a backend session must not
      // land in the host's cookie jar), no WWW-Authenticate (a browser login dialog), no banners.
      return passedResponseHeaders(headers)
    },
    onResponse: (_request, r, res) => {
      finishResponse(r, res.stream, res.statusCode, head, spec).catch(() => {
        if (!r.sent) sendGatewayError(r, new GatewayError(502, 'bad_upstream_response', `${spec.backend} sent an answer the gateway could not process`))
      })
    },
    onError: (r, { error }) => {
      const code = (error as { statusCode?: number }).statusCode
      if (code === 504) sendGatewayError(r, timeoutError(spec))
      else sendGatewayError(r, new GatewayError(502, 'upstream_unreachable', `cannot reach ${spec.backend}`))
    },
  })
}
