import type { FastifyReply, FastifyRequest } from 'fastify'
import { GatewayError } from '../http/gatewayError'
import { maskLogSearchResponse } from '../masking/maskLogSearchResponse'
import { encodePath } from '../path/normalisePath'
import type { LogOp } from '../policy/logRoutes'
import { parseKeepAlive } from '../policy/logRoutes'
import { checkSearchBody, type SearchBodyPolicy } from '../policy/searchBodyPolicy'
import { forwardRequest, type ForwardSpec } from '../proxy/forwardRequest'
import { mediaType, type GatewayContext } from './gatewayContext'
import { jsonTransform } from './jsonTransform'

const JSON_TYPE = 'application/json'

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function jsonBody(request: FastifyRequest): unknown {
  if (request.body === undefined) return undefined
  if (mediaType(request) !== JSON_TYPE) throw new GatewayError(415, 'unsupported_media_type', 'log requests take application/json bodies only')
  return request.body
}

function searchPolicy(ctx: GatewayContext): SearchBodyPolicy {
  const logs = ctx.resolved.config.backends.logs
  return {
    maxSize: logs?.maxSize ?? 1000,
    maxWindow: 10_000,
    forbiddenFields: logs?.forbiddenFields ?? [],
    maskedFields: ctx.logMasker.rules.filter((r) => r.action !== 'drop').map((r) => r.field),
    maxPitKeepAliveMs: (logs?.maxPitKeepAliveS ?? 300) * 1000,
  }
}

/** PIT ids named by a close request: `{id}` (Elasticsearch) or `{pit_id: [...]}` (OpenSearch). */
function pitIdsToClose(body: unknown, flavour: 'elasticsearch' | 'opensearch'): string[] {
  if (!isObject(body)) throw new GatewayError(403, 'forbidden_body', 'closing a point-in-time needs its id')
  const key = flavour === 'elasticsearch' ? 'id' : 'pit_id'
  if (Object.keys(body).some((k) => k !== key)) throw new GatewayError(403, 'forbidden_body', `only "${key}" is allowed when closing a point-in-time`)
  const v = body[key]
  const ids = Array.isArray(v) ? v : [v]
  if (ids.length === 0 || !ids.every((i): i is string => typeof i === 'string' && i !== '')) {
    throw new GatewayError(403, 'forbidden_body', `"${key}" must name point-in-time ids`)
  }
  return ids
}

/**
 * Elasticsearch / OpenSearch: search bodies checked by `checkSearchBody`, answers masked;
 * point-in-time ids bound to the user who opened them (see PitRegistry).
 */
export function handleLogs(ctx: GatewayContext, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const upstream = ctx.resolved.upstreams.logs
  const logs = ctx.resolved.config.backends.logs
  if (!upstream || !logs) throw new GatewayError(404, 'not_found', 'the logs backend is not configured')
  const op = request.tb.op as LogOp
  const user = request.tb.user ?? ''
  const masking = ctx.logMasker.rules.length > 0
  const maxKeepAliveMs = logs.maxPitKeepAliveS * 1000
  const base: Omit<ForwardSpec, 'method'> = {
    upstream,
    backend: 'logs',
    path: encodePath(request.tb.segments ?? []),
    query: request.tb.query ?? '',
    user,
    startedAt: request.tb.startedAt,
    scrub: ctx.scrub,
  }

  switch (op) {
    case 'search':
    case 'pit_search': {
      const checked = checkSearchBody(jsonBody(request), searchPolicy(ctx), op === 'search' ? 'index' : 'pit')
      if (!checked.ok) throw new GatewayError(403, 'forbidden_body', checked.reason)
      const pitId = checked.pitId
      if (pitId !== undefined && !ctx.pits.owns(pitId, user)) {
        throw new GatewayError(403, 'forbidden_body', 'this point-in-time was not opened by you through the gateway')
      }
      return forwardRequest(reply, {
        ...base,
        method: 'POST',
        body: { text: JSON.stringify(checked.body), contentType: JSON_TYPE },
        // Parsed only when something must change: masking rules, or a PIT id to track.
        transform: !masking && pitId === undefined ? undefined : jsonTransform('logs', masking, (body) => {
          maskLogSearchResponse(body, ctx.logMasker)
          // Elasticsearch may hand back a new PIT id with each page; it belongs to the same user.
          if (pitId !== undefined && isObject(body) && typeof body.pit_id === 'string') {
            ctx.pits.register(body.pit_id, user, maxKeepAliveMs)
          }
        }),
      })
    }
    case 'pit_open': {
      const keepAlive = new URLSearchParams(base.query).get('keep_alive')
      const ms = keepAlive === null ? undefined : parseKeepAlive(keepAlive)
      if (ms === undefined || ms > maxKeepAliveMs) {
        throw new GatewayError(403, 'forbidden_query', `keep_alive is required and at most ${logs.maxPitKeepAliveS}s`)
      }
      const body = jsonBody(request)
      if (body !== undefined && !(isObject(body) && Object.keys(body).length === 0)) {
        throw new GatewayError(403, 'forbidden_body', 'opening a point-in-time takes no body')
      }
      return forwardRequest(reply, {
        ...base,
        method: 'POST',
        body: null,
        transform: jsonTransform('logs', false, (answer) => {
          const id = isObject(answer) ? (logs.flavour === 'elasticsearch' ? answer.id : answer.pit_id) : undefined
          if (typeof id === 'string') ctx.pits.register(id, user, ms)
        }),
      })
    }
    case 'pit_close': {
      const body = jsonBody(request)
      const ids = pitIdsToClose(body, logs.flavour)
      if (!ids.every((id) => ctx.pits.owns(id, user))) {
        throw new GatewayError(403, 'forbidden_body', 'only point-in-times you opened through the gateway can be closed')
      }
      return forwardRequest(reply, {
        ...base,
        method: 'DELETE',
        body: { text: JSON.stringify(body), contentType: JSON_TYPE },
        transform: (status, _ct, answer) => {
          if (status >= 200 && status < 300) for (const id of ids) ctx.pits.remove(id)
          return answer
        },
      })
    }
    case 'mapping':
      return forwardRequest(reply, { ...base, method: 'GET' })
  }
}
