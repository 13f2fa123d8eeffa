import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyReplyFrom from '@fastify/reply-from'
import { accessLogLine } from './accessLog'
import { API_SECURITY_HEADERS, appSecurityHeaders } from './app/securityHeaders'
import { serveApp } from './app/serveApp'
import type { VerifyIdentity } from './config/configSchema'
import { resolveGatewayConfig, type Env } from './config/resolveConfig'
import { errorBody, GatewayError, sendGatewayError } from './http/gatewayError'
import type { RequestState } from './http/requestState'
import { createJwtVerifier } from './identity/jwtIdentity'
import { createFieldMasker } from './masking/fieldMasker'
import { createSecretScrubber } from './masking/scrubSecrets'
import { logRoutes } from './policy/logRoutes'
import { PitRegistry } from './policy/pitRegistry'
import { PROMETHEUS_ROUTES } from './policy/prometheusRoutes'
import { traceRoutes } from './policy/traceRoutes'
import { createApiGuard } from './routes/apiGuard'
import type { GatewayContext, RateLimitCheck } from './routes/gatewayContext'
import { handleLogs } from './routes/logsHandler'
import { handleMetrics, handleTraces } from './routes/metricsAndTracesHandlers'

export interface GatewayRuntime {
  /** Where `*Env` secrets are read (default `process.env`). */
  env?: Env
  /** Receives each access-log line as JSON text (default: stdout). */
  accessLog?: (line: string) => void
  /** Directory that `static.root` is relative to (default: the working directory). */
  baseDir?: string
}

function toGatewayError(error: FastifyError | GatewayError | Error): GatewayError {
  if (error instanceof GatewayError) return error
  const e = error as FastifyError
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError(413, 'request_too_large', 'request body is too large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError(415, 'unsupported_media_type', 'unsupported content type')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError(400, 'bad_request', 'a JSON content type needs a JSON body')
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own 4xx (invalid JSON, bad URL…): say so without echoing the input.
    return new GatewayError(e.statusCode, 'bad_request', e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e instanceof SyntaxError ? 'body is not valid JSON' : 'bad request')
  }
  return new GatewayError(500, 'internal', 'internal gateway error')
}

/**
 * Builds the production gateway (not listening yet: call `listen`, or `inject` in tests).
 * Throws `GatewayConfigError` naming every bad field or missing environment variable.
 */
export function createGateway(config: unknown, runtime: GatewayRuntime = {}): FastifyInstance {
  const resolved = resolveGatewayConfig(config, runtime.env ?? process.env)
  const c = resolved.config
  const writeLog = runtime.accessLog ?? ((line: string) => void process.stdout.write(line + '\n'))
  const app = Fastify({
    logger: false,
    bodyLimit: c.requestBodyLimitBytes,
    requestIdHeader: false,
    trustProxy: false,
    return503OnClosing: true,
    // Requests Node's parser refuses (unknown methods like FOO, broken framing): the gateway's
    // JSON shape and API headers, written straight to the socket since there is no reply.
    clientErrorHandler: (_error, socket) => {
      if (!socket.writable) return
      const body = JSON.stringify(errorBody('bad_request', 'malformed HTTP request'))
      const headers = { ...API_SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' }
      socket.end(`HTTP/1.1 400 Bad Request\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`)
    },
    // Undecodable URLs and similar router errors: answered in the same JSON shape, with the
    // same headers, before any route (so never proxied).
    frameworkErrors: (error, request, reply) => {
      for (const [k, v] of Object.entries(API_SECURITY_HEADERS)) reply.header(k, v)
      sendGatewayError(reply, toGatewayError(error))
      if (c.accessLog) writeLog(JSON.stringify(accessLogLine(request, reply)))
    },
  })

  const verify: VerifyIdentity = c.identity.type === 'jwt' ? createJwtVerifier(c.identity, resolved.jwtSecret) : c.identity.verify
  const ctx: GatewayContext = {
    resolved,
    verify,
    rateLimit: () => Promise.resolve({ isAllowed: true }),
    routes: {
      metrics: c.backends.metrics ? PROMETHEUS_ROUTES : undefined,
      traces: c.backends.traces ? traceRoutes(c.backends.traces.kind) : undefined,
      logs: c.backends.logs ? logRoutes(c.backends.logs.flavour, c.backends.logs.allowMapping) : undefined,
    },
    logMasker: createFieldMasker(c.masking.rules, 'logs', resolved.hmacKey, c.backends.logs?.forbiddenFields ?? []),
    traceMasker: createFieldMasker(c.masking.rules, 'traces', resolved.hmacKey),
    pits: new PitRegistry(),
    scrub: createSecretScrubber(resolved.secrets),
  }
  const appHeaders = appSecurityHeaders(c.static?.frameAncestors ?? [`'self'`])
  const apiGuard = createApiGuard(ctx)

  // Fastify 5 refuses object defaults for decorators; a WeakMap-backed accessor keeps one per request.
  const states = new WeakMap<FastifyRequest, RequestState>()
  app.decorateRequest('tb', {
    getter(this: FastifyRequest): RequestState {
      let s = states.get(this)
      if (!s) {
        s = { startedAt: Date.now() }
        states.set(this, s)
      }
      return s
    },
    setter(this: FastifyRequest, value: RequestState) {
      states.set(this, value)
    },
  })
  app.addHook('onRequest', async (request) => {
    request.tb = { startedAt: Date.now() }
  })
  app.addHook('onSend', async (request, reply, payload) => {
    const isApi = (request.raw.url ?? '').startsWith('/api/')
    for (const [k, v] of Object.entries(isApi ? API_SECURITY_HEADERS : appHeaders)) reply.header(k, v)
    reply.removeHeader('set-cookie')
    // Whatever set it, a header holding a configured secret in any form never leaves.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined && ctx.scrub.finds(Array.isArray(value) ? value.join('\n') : String(value))) reply.removeHeader(name)
    }
    return payload
  })
  if (c.accessLog) {
    app.addHook('onResponse', async (request, reply) => {
      writeLog(JSON.stringify(accessLogLine(request, reply)))
    })
  }
  app.setErrorHandler((error: FastifyError | GatewayError, _request: FastifyRequest, reply: FastifyReply) => {
    sendGatewayError(reply, toGatewayError(error))
  })
  // Prometheus takes long expressions as a form body; forwarded as the same string.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  void app.register(fastifyReplyFrom, { disableRequestLogging: true })
  void app.register(fastifyRateLimit, { global: false })
  void app.register(async (api) => {
    const limiter = api.createRateLimit({
      max: c.rateLimit.max,
      timeWindow: c.rateLimit.timeWindowMs,
      keyGenerator: (request) => `user:${request.tb.user ?? ''}`,
    })
    const check: RateLimitCheck = async (request) => {
      const r = await limiter(request)
      // `isAllowed` only means "on the allow-list"; the verdict is `isExceeded`.
      return r.isAllowed || !r.isExceeded ? { isAllowed: true } : { isAllowed: false, ttlInSeconds: r.ttlInSeconds }
    }
    ctx.rateLimit = check
    api.route({
      // Every method the router knows meets the guard, so OPTIONS, TRACE or QUERY get the same
      // 401/403 as any other unlisted method; the rest reach the not-found handler below.
      method: app.supportedMethods,
      url: '/api/*',
      onRequest: apiGuard,
      handler: (request, reply) => {
        switch (request.tb.backend) {
          case 'metrics':
            return handleMetrics(ctx, request, reply)
          case 'traces':
            return handleTraces(ctx, request, reply)
          case 'logs':
            return handleLogs(ctx, request, reply)
          default:
            throw new GatewayError(404, 'not_found', 'no such API')
        }
      },
    })
  })
  app.get('/healthz', async () => ({ status: 'ok' }))
  // Methods Node parses but the router does not route (PROPFIND, PURGE, SEARCH…): the same guard,
  // which refuses them as it refuses any method no rule lists.
  serveApp(app, c, runtime.baseDir ?? process.cwd(), async (request, reply) => {
    await apiGuard(request, reply)
    throw new GatewayError(403, 'forbidden_method', `${request.method} is not allowed through the gateway`)
  })
  return app
}
