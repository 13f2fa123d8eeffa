import type { FastifyReply, FastifyRequest } from 'fastify'
import { GatewayError } from '../http/gatewayError'
import { maskTracePayload } from '../masking/maskTracePayload'
import { encodePath } from '../path/normalisePath'
import { forwardRequest } from '../proxy/forwardRequest'
import { mediaType, type GatewayContext } from './gatewayContext'
import { jsonTransform } from './jsonTransform'

/** Prometheus: GET as is; POST only as the form body Prometheus itself accepts for long expressions. */
export function handleMetrics(ctx: GatewayContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const upstream = ctx.resolved.upstreams.metrics
  if (!upstream) throw new GatewayError(404, 'not_found', 'the metrics backend is not configured')
  let body: { text: string; contentType: string } | undefined
  if (request.method === 'POST') {
    if (mediaType(request) !== 'application/x-www-form-urlencoded' || typeof request.body !== 'string') {
      throw new GatewayError(415, 'unsupported_media_type', 'Prometheus POST bodies must be application/x-www-form-urlencoded')
    }
    body = { text: request.body, contentType: 'application/x-www-form-urlencoded' }
  }
  return forwardRequest(reply, {
    upstream,
    backend: 'metrics',
    path: encodePath(request.tb.segments ?? []),
    query: request.tb.query ?? '',
    method: request.method === 'POST' ? 'POST' : 'GET',
    body,
    user: request.tb.user ?? '',
    startedAt: request.tb.startedAt,
    scrub: ctx.scrub,
  })
}

/**
 * A success answer that is an HTML page: Jaeger's query service serves its UI's `index.html`
 * with 200 for every path it does not route (`/api/v3/trace-summaries` and
 * `/api/v3/dependencies` on Jaeger 1.75). No trace API answers HTML.
 */
function isHtmlPage(status: number, mediaType: string | undefined, body: Buffer): boolean {
  return status >= 200 && status < 300 && mediaType === 'text/html' && /^\s*</.test(body.subarray(0, 64).toString('utf8'))
}

/**
 * Zipkin / Jaeger: GET only; span tags and attributes masked on the way back. An HTML page in
 * place of an answer becomes a 404 (the server has no such endpoint), which the app's version
 * fallbacks understand; HTML never reaches the browser, masked or not.
 */
export function handleTraces(ctx: GatewayContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const upstream = ctx.resolved.upstreams.traces
  if (!upstream) throw new GatewayError(404, 'not_found', 'the traces backend is not configured')
  const masking = ctx.traceMasker.rules.length > 0
  const mask = masking ? jsonTransform('traces', true, (body) => maskTracePayload(body, ctx.traceMasker)) : undefined
  return forwardRequest(reply, {
    upstream,
    backend: 'traces',
    path: encodePath(request.tb.segments ?? []),
    query: request.tb.query ?? '',
    method: 'GET',
    user: request.tb.user ?? '',
    startedAt: request.tb.startedAt,
    transform: (status, contentType, body, upstreamMediaType) => {
      if (isHtmlPage(status, upstreamMediaType, body)) {
        throw new GatewayError(404, 'not_found', 'the traces backend has no such endpoint (it answered with an HTML page)')
      }
      return mask ? mask(status, contentType, body) : body
    },
    scrub: ctx.scrub,
  })
}
