import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BackendKey, Identity, Permission } from '../config/configSchema'
import { GatewayError } from '../http/gatewayError'
import { IdentityUnavailableError } from '../identity/jwtIdentity'
import { normalisePath } from '../path/normalisePath'
import { checkIndexExpression, checkLogQueryParams, type LogOp } from '../policy/logRoutes'
import { matchRoute } from '../policy/routeTable'
import type { GatewayContext } from './gatewayContext'

const API_PATH = /^\/api\/(metrics|traces|logs)(\/.*)?$/

async function identify(ctx: GatewayContext, request: FastifyRequest): Promise<Identity> {
  let identity: Identity | undefined
  try {
    identity = await ctx.verify(request)
  } catch (e) {
    const why = e instanceof IdentityUnavailableError ? e.message : 'the session check failed'
    throw new GatewayError(503, 'identity_unavailable', `cannot verify who is asking: ${why}`)
  }
  // This 401 is the HOST's session (expired or missing): the one 401 the browser should see.
  if (!identity) throw new GatewayError(401, 'unauthenticated', 'no valid session; sign in again')
  return identity
}

/** Checks that need no body: Zipkin's tag-value listing must not list values of masked tags. */
function checkTraceQuery(ctx: GatewayContext, op: string, query: URLSearchParams): void {
  if (op !== 'autocompleteValues') return
  const key = query.get('key') ?? ''
  if (ctx.traceMasker.find(key)) {
    throw new GatewayError(403, 'forbidden_query', `values of the masked tag "${key}" cannot be listed`)
  }
}

function checkLogPath(ctx: GatewayContext, op: LogOp, params: Record<string, string>, query: URLSearchParams): void {
  const logs = ctx.resolved.config.backends.logs
  if (!logs) return
  if (params.index !== undefined) {
    const problem = checkIndexExpression(params.index, logs.indexPatterns)
    if (problem) throw new GatewayError(403, 'forbidden_index', problem)
  }
  const problem = checkLogQueryParams(op, query)
  if (problem) throw new GatewayError(403, 'forbidden_query', problem)
}

/**
 * onRequest hook of every `/api/*` route, in this order: which backend, cross-site refusal,
 * identity (401), permission for that backend (403), per-user rate limit (429), path
 * normalisation (400) and the method + path allow-list (403), then the path-only policy
 * checks. Anything refused here never reaches the body parser, let alone the upstream.
 */
export function createApiGuard(ctx: GatewayContext) {
  return async function apiGuard(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const raw = request.raw.url ?? ''
    const q = raw.indexOf('?')
    const pathPart = q < 0 ? raw : raw.slice(0, q)
    const query = q < 0 ? '' : raw.slice(q + 1)
    const m = API_PATH.exec(pathPart)
    if (!m) throw new GatewayError(404, 'not_found', 'no such API; the gateway serves /api/metrics, /api/traces and /api/logs')
    const backend = m[1] as BackendKey
    const rules = ctx.routes[backend]
    if (!rules) throw new GatewayError(404, 'not_found', `the ${backend} backend is not configured`)
    request.tb.backend = backend

    // A page on another site must not spend the user's cookie-borne session here.
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      throw new GatewayError(403, 'cross_site', 'cross-site requests are refused')
    }
    const identity = await identify(ctx, request)
    request.tb.user = identity.user
    const permission: Permission = `${backend}:read`
    if (!identity.permissions.includes(permission)) {
      throw new GatewayError(403, 'forbidden', `you do not have the ${permission} permission`)
    }
    const limit = await ctx.rateLimit(request)
    if (!limit.isAllowed) {
      throw new GatewayError(429, 'rate_limited', 'too many requests; slow down', { 'retry-after': String(Math.max(1, limit.ttlInSeconds)) })
    }

    const path = normalisePath(m[2] ?? '/')
    if (!path.ok) throw new GatewayError(400, 'bad_path', path.reason)
    const match = matchRoute(rules, request.method, path.segments)
    if (match.kind === 'wrongMethod') {
      throw new GatewayError(403, 'forbidden_method', `${request.method} is not allowed here (allowed: ${match.allowed.join(', ')})`)
    }
    if (match.kind === 'none') throw new GatewayError(403, 'forbidden_path', `this ${backend} endpoint is not allowed through the gateway`)

    const params = new URLSearchParams(query)
    if (backend === 'traces') checkTraceQuery(ctx, match.op, params)
    if (backend === 'logs') checkLogPath(ctx, match.op as LogOp, match.params, params)
    request.tb.op = match.op
    request.tb.segments = path.segments
    request.tb.params = match.params
    request.tb.query = query
  }
}
