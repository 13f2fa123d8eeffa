import { SpanKind, type Attributes } from '@opentelemetry/api'
import { latencyMs, type Random } from '../random'
import type { PlannedError, PlannedLog, PlannedLogLevel, PlannedSpan } from './requestPlan'
import type { ScenarioName } from './scenarios'
import { PEERS, type ServiceName } from './topology'

/** What every builder of one request needs. */
export interface PlanContext {
  rng: Random
  scenario: ScenarioName
  tenantId: string
  customerId: string
}

/** Instrumentation scopes, named like the OTel Java agent's (the simulated services are Spring apps). */
export const SCOPES = {
  gateway: 'io.opentelemetry.netty-4.1',
  server: 'io.opentelemetry.spring-webmvc-6.0',
  httpClient: 'io.opentelemetry.java-http-client',
  jdbc: 'io.opentelemetry.jdbc',
  redis: 'io.opentelemetry.lettuce-5.1',
  kafka: 'io.opentelemetry.kafka-clients-2.6',
  app: 'com.acme.app',
} as const

export function newSpan(
  service: ServiceName,
  scope: string,
  name: string,
  kind: SpanKind,
  startMs: number,
  attributes: Attributes,
): PlannedSpan {
  return { service, scope, name, kind, startMs, endMs: startMs, attributes, status: { code: 'unset' }, events: [], logs: [], children: [] }
}

/** Business context a request filter puts on each service's entry span (and in its logs' MDC). */
export function contextAttributes(ctx: PlanContext): Attributes {
  return { 'tenant.id': ctx.tenantId, 'customer.id': ctx.customerId }
}

/** One network hop inside the data centre, in ms. */
export function hopMs(ctx: PlanContext): number {
  return latencyMs(ctx.rng, 0.6, 0.35, 0.1)
}

export function log(
  span: PlannedSpan,
  timeMs: number,
  level: PlannedLogLevel,
  logger: string,
  message: string,
  extra: { error?: PlannedError; fields?: Record<string, string | number> } = {},
): void {
  const entry: PlannedLog = { timeMs, level, logger, message }
  if (extra.error) entry.error = extra.error
  if (extra.fields) entry.fields = extra.fields
  span.logs.push(entry)
}

/** Marks a span failed the way OTel instrumentations do: ERROR status plus an `exception` event. */
export function fail(span: PlannedSpan, error: PlannedError, atMs: number): void {
  span.status = { code: 'error', message: error.message.split('\n')[0] ?? error.type }
  span.attributes['error.type'] = error.type
  span.events.push({
    name: 'exception',
    timeMs: atMs,
    attributes: {
      'exception.type': error.type,
      'exception.message': error.message,
      'exception.stacktrace': error.stackTrace,
    },
  })
}

export interface ServerResult {
  endMs: number
  status: number
  error?: PlannedError
}

/**
 * An instrumented HTTP server span (`GET /orders/{orderId}`): semconv attributes, status code,
 * and span status by the semconv rule for servers (only 5xx is an error).
 */
export function httpServer(
  ctx: PlanContext,
  service: ServiceName,
  scope: string,
  method: string,
  route: string,
  path: string,
  startMs: number,
  handle: (span: PlannedSpan, t: number) => ServerResult,
): PlannedSpan {
  const span = newSpan(service, scope, `${method} ${route}`, SpanKind.SERVER, startMs, {
    'http.request.method': method,
    'http.route': route,
    'url.path': path,
    'url.scheme': 'http',
    'server.address': service,
    'server.port': 8080,
    'network.protocol.version': '1.1',
    ...contextAttributes(ctx),
  })
  const result = handle(span, startMs + latencyMs(ctx.rng, 0.25, 0.3, 0.05))
  span.endMs = result.endMs + latencyMs(ctx.rng, 0.2, 0.3, 0.05)
  span.attributes['http.response.status_code'] = result.status
  if (result.error) fail(span, result.error, result.endMs)
  else if (result.status >= 500) {
    span.status = { code: 'error', message: `HTTP ${result.status}` }
    span.attributes['error.type'] = String(result.status)
  }
  return span
}

export interface CallResult {
  endMs: number
  /** Response status, or undefined when the caller gave up first. */
  status: number | undefined
  timedOut: boolean
}

interface CallTarget {
  /** `peer.service` of the callee. */
  peer: string
  host: string
  port: number
}

/**
 * An HTTP client span and, for an instrumented callee, its server span as a child. A client
 * span is an error from 4xx on (semconv: HTTP spans, status); a read timeout ends it early while
 * the callee carries on, exactly the "child outlives its parent" shape real timeouts leave.
 */
export function httpCall(
  ctx: PlanContext,
  parent: PlannedSpan,
  target: CallTarget,
  method: string,
  route: string,
  path: string,
  startMs: number,
  callee: (serverStartMs: number) => { span?: PlannedSpan; endMs: number; status: number },
  timeoutMs = Number.POSITIVE_INFINITY,
): CallResult {
  const client = newSpan(parent.service, SCOPES.httpClient, `${method} ${route}`, SpanKind.CLIENT, startMs, {
    'http.request.method': method,
    'url.full': `http://${target.host}:${target.port}${path}`,
    'server.address': target.host,
    'server.port': target.port,
    'peer.service': target.peer,
  })
  parent.children.push(client)
  const answered = callee(startMs + hopMs(ctx))
  if (answered.span) client.children.push(answered.span)
  const responseAt = answered.endMs + hopMs(ctx)
  if (responseAt - startMs > timeoutMs) {
    client.endMs = startMs + timeoutMs
    client.status = { code: 'error', message: `Read timed out after ${timeoutMs} ms` }
    client.attributes['error.type'] = 'java.net.http.HttpTimeoutException'
    return { endMs: client.endMs, status: undefined, timedOut: true }
  }
  client.endMs = responseAt
  client.attributes['http.response.status_code'] = answered.status
  if (answered.status >= 400) {
    client.status = { code: 'error', message: `HTTP ${answered.status}` }
    client.attributes['error.type'] = String(answered.status)
  }
  return { endMs: client.endMs, status: answered.status, timedOut: false }
}

/** A PostgreSQL client span (`SELECT orders`) with the db.* semconv attributes. */
export function sql(
  ctx: PlanContext,
  parent: PlannedSpan,
  operation: string,
  table: string,
  statement: string,
  startMs: number,
  medianMs: number,
  sigma = 0.45,
): PlannedSpan {
  const span = newSpan(parent.service, SCOPES.jdbc, `${operation} ${table}`, SpanKind.CLIENT, startMs, {
    'db.system': 'postgresql',
    'db.namespace': 'orders',
    'db.operation.name': operation,
    'db.collection.name': table,
    'db.statement': statement,
    'server.address': PEERS.postgres.address,
    'server.port': PEERS.postgres.port,
    'peer.service': PEERS.postgres.service,
  })
  span.endMs = startMs + latencyMs(ctx.rng, medianMs, sigma, 0.2)
  parent.children.push(span)
  return span
}

/** A Redis client span (`GET`), the statement with its key as Lettuce instrumentation records it. */
export function redis(ctx: PlanContext, parent: PlannedSpan, command: string, key: string, startMs: number): PlannedSpan {
  const span = newSpan(parent.service, SCOPES.redis, command, SpanKind.CLIENT, startMs, {
    'db.system': 'redis',
    'db.operation.name': command,
    'db.statement': `${command} ${key}`,
    'server.address': PEERS.redis.address,
    'server.port': PEERS.redis.port,
    'peer.service': PEERS.redis.service,
  })
  span.endMs = startMs + latencyMs(ctx.rng, 0.45, 0.4, 0.08)
  parent.children.push(span)
  return span
}
