import { SpanKind } from '@opentelemetry/api'
import { chance, intBetween, latencyMs, pick, pickWeighted, type Random } from '../random'
import * as ex from './javaExceptions'
import {
  contextAttributes,
  fail,
  hopMs,
  httpCall,
  httpServer,
  log,
  newSpan,
  redis,
  sql,
  SCOPES,
  type PlanContext,
  type ServerResult,
} from './planBuilders'
import type { PlannedSpan, RequestPlan } from './requestPlan'
import type { ScenarioName } from './scenarios'
import { ERROR_BURST_TENANT, GATEWAY_ROUTES, ORDER_EVENTS_TOPIC, PEERS, TENANTS, type GatewayRoute } from './topology'

/** Spring Cloud Gateway `response-timeout` towards the upstream services. */
export const GATEWAY_TIMEOUT_MS = 4000
const AUTH_TIMEOUT_MS = 2000
/** business-service's read timeout towards external-api. */
const EXTERNAL_TIMEOUT_MS = 10_000
/** Calls slower than this are logged as WARN by business-service. */
const SLOW_CALL_MS = 1000

const service = (name: string, port = 8080) => ({ peer: name, host: name, port })

/**
 * Plans one request entering api-gateway at `startMs` under `scenario`. Pure: the same
 * generator state gives the same plan, which is what makes `--seed` reproducible.
 */
export function planRequest(rng: Random, scenario: ScenarioName, startMs: number): RequestPlan {
  const route = pickWeighted(rng, GATEWAY_ROUTES.map((r) => [r, r.weight] as const))
  const tenant = pickWeighted(rng, TENANTS.map((t) => [t, t.weight] as const))
  const ctx: PlanContext = { rng, scenario, tenantId: tenant.id, customerId: pick(rng, tenant.customers) }
  const orderId = `ord-${intBetween(rng, 100000, 999999)}`
  const path = route.route.replace('{orderId}', orderId)
  let statusCode = 0
  const root = httpServer(ctx, 'api-gateway', SCOPES.gateway, route.method, route.route, path, startMs, (span, t0) => {
    span.attributes['client.address'] = `10.20.${intBetween(rng, 0, 3)}.${intBetween(rng, 2, 250)}`
    span.attributes['user_agent.original'] = 'Mozilla/5.0 (back-office SPA)'
    const result = gateway(ctx, span, route, path, orderId, t0)
    statusCode = result.status
    const level = result.status >= 500 ? 'ERROR' : result.status >= 400 ? 'WARN' : 'INFO'
    log(span, result.endMs, level, 'reactor.netty.http.server.AccessLog', `"${route.method} ${path} HTTP/1.1" ${result.status} ${Math.round(result.endMs - startMs)} ms`, {
      fields: { 'http.request.method': route.method, 'url.path': path, 'http.response.status_code': result.status },
    })
    return result
  })
  return { root, tenantId: ctx.tenantId, customerId: ctx.customerId, statusCode }
}

function gateway(ctx: PlanContext, span: PlannedSpan, route: GatewayRoute, path: string, orderId: string, t0: number): ServerResult {
  const auth = httpCall(ctx, span, service('auth-service'), 'POST', '/auth/validate', '/auth/validate', t0, (t) => authService(ctx, t), AUTH_TIMEOUT_MS)
  let t = auth.endMs + latencyMs(ctx.rng, 0.3, 0.3)
  if (auth.timedOut || auth.status !== 200) {
    const status = auth.status === 401 ? 401 : 502
    if (status === 502) log(span, t, 'ERROR', 'org.springframework.cloud.gateway.handler.FilteringWebHandler', 'token validation failed', { error: ex.upstreamFailure('auth-service', status) })
    return { endMs: t, status }
  }
  const toWorker = route.route === '/api/notifications'
  const upstreamName = toWorker ? 'notification-worker' : 'business-service'
  const upstreamPath = path.replace(/^\/api/, '')
  const upstreamRoute = route.route.replace(/^\/api/, '')
  const call = httpCall(ctx, span, service(upstreamName), route.method, upstreamRoute, upstreamPath, t, (st) =>
    toWorker ? notificationsEndpoint(ctx, st) : businessService(ctx, route, upstreamRoute, upstreamPath, orderId, st),
  GATEWAY_TIMEOUT_MS)
  t = call.endMs + latencyMs(ctx.rng, 0.4, 0.3)
  if (call.timedOut || call.status === undefined) {
    const error = ex.gatewayTimeout(GATEWAY_TIMEOUT_MS)
    log(span, t, 'ERROR', 'org.springframework.cloud.gateway.filter.NettyRoutingFilter', `upstream ${upstreamName} did not answer within ${GATEWAY_TIMEOUT_MS} ms`, { error })
    return { endMs: t, status: 504, error }
  }
  if (call.status >= 500) {
    log(span, t, 'ERROR', 'org.springframework.cloud.gateway.filter.NettyRoutingFilter', `upstream ${upstreamName} answered ${call.status}`, { error: ex.upstreamFailure(upstreamName, call.status) })
  }
  return { endMs: t, status: call.status }
}

function authService(ctx: PlanContext, startMs: number): { span: PlannedSpan; endMs: number; status: number } {
  let status = 200
  const logger = 'com.acme.auth.token.TokenValidator'
  const span = httpServer(ctx, 'auth-service', SCOPES.server, 'POST', '/auth/validate', '/auth/validate', startMs, (s, t0) => {
    const kid = `${ctx.tenantId}-2026-11`
    const cacheMiss = ctx.scenario === 'token-validation-cache-miss' || chance(ctx.rng, 0.02)
    let t = redis(ctx, s, 'GET', `jwks:${kid}`, t0).endMs + 0.05
    if (cacheMiss) {
      log(s, t, 'WARN', 'com.acme.auth.keys.JwksCache', `JWKS cache miss for kid=${kid}: fetching signing keys from identity-provider`)
      const median = ctx.scenario === 'token-validation-cache-miss' ? 650 : 90
      const idp = { peer: PEERS.identityProvider.service, host: PEERS.identityProvider.address, port: PEERS.identityProvider.port }
      t = httpCall(ctx, s, idp, 'GET', '/keys', '/oauth2/v1/keys', t, (st) => ({ endMs: st + latencyMs(ctx.rng, median, 0.45, 5), status: 200 })).endMs
      // In the incident the cache key carried the request id, so the SET never helped the next call.
      const key = ctx.scenario === 'token-validation-cache-miss' ? `jwks:${kid}:req-${intBetween(ctx.rng, 1, 1e6)}` : `jwks:${kid}`
      t = redis(ctx, s, 'SET', key, t).endMs
    }
    t += latencyMs(ctx.rng, 0.35, 0.3)
    if (chance(ctx.rng, 0.006)) {
      status = 401
      log(s, t, 'WARN', logger, `token rejected for customer ${ctx.customerId}`, { error: ex.tokenExpired('2026-11-21T23:59:59Z') })
    } else {
      log(s, t, 'INFO', logger, `token validated (kid=${kid}, cache=${cacheMiss ? 'miss' : 'hit'})`)
    }
    return { endMs: t, status }
  })
  return { span, endMs: span.endMs, status }
}

function businessService(
  ctx: PlanContext,
  route: GatewayRoute,
  upstreamRoute: string,
  path: string,
  orderId: string,
  startMs: number,
): { span: PlannedSpan; endMs: number; status: number } {
  let status = 200
  const span = httpServer(ctx, 'business-service', SCOPES.server, route.method, upstreamRoute, path, startMs, (s, t0) => {
    const result = route.method === 'POST' ? createOrder(ctx, s, orderId, t0) : route.route === '/api/orders' ? listOrders(ctx, s, t0) : getOrder(ctx, s, orderId, t0)
    status = result.status
    return result
  })
  return { span, endMs: span.endMs, status }
}

const ORDER_LOGGER = 'com.acme.business.order.OrderService'

/** The per-tenant schema migration that broke `error-burst`'s tenant. */
function brokenSchema(ctx: PlanContext): boolean {
  return ctx.scenario === 'error-burst' && ctx.tenantId === ERROR_BURST_TENANT && chance(ctx.rng, 0.85)
}

function failedQuery(ctx: PlanContext, s: PlannedSpan, db: PlannedSpan): ServerResult {
  const error = ex.missingColumn(ctx.tenantId)
  fail(db, error, db.endMs)
  log(s, db.endMs + 0.1, 'ERROR', ORDER_LOGGER, `failed to load orders of tenant ${ctx.tenantId}`, { error })
  return { endMs: db.endMs + 0.4, status: 500 }
}

function listOrders(ctx: PlanContext, s: PlannedSpan, t0: number): ServerResult {
  let t = redis(ctx, s, 'GET', `customer:${ctx.customerId}`, t0).endMs
  log(s, t, 'DEBUG', 'com.acme.business.customer.CustomerCache', `cache hit customer:${ctx.customerId}`)
  const db = sql(ctx, s, 'SELECT', 'orders', 'SELECT id, status, total, currency FROM orders WHERE tenant_id = $1 AND customer_id = $2 ORDER BY created_at DESC LIMIT 50', t, 6, 0.5)
  if (brokenSchema(ctx)) return failedQuery(ctx, s, db)
  const rates = callRates(ctx, s, db.endMs)
  if (rates.status !== 200) return { endMs: rates.endMs, status: rates.status }
  t = rates.endMs + latencyMs(ctx.rng, 0.8, 0.4)
  log(s, t, 'INFO', ORDER_LOGGER, `listed ${intBetween(ctx.rng, 0, 50)} orders for customer ${ctx.customerId}`)
  return { endMs: t, status: 200 }
}

function getOrder(ctx: PlanContext, s: PlannedSpan, orderId: string, t0: number): ServerResult {
  const db = sql(ctx, s, 'SELECT', 'orders', 'SELECT id, status, total, currency FROM orders WHERE tenant_id = $1 AND id = $2', t0, 2.5, 0.4)
  if (brokenSchema(ctx)) return failedQuery(ctx, s, db)
  if (chance(ctx.rng, 0.015)) {
    log(s, db.endMs + 0.1, 'INFO', ORDER_LOGGER, `order ${orderId} not found for customer ${ctx.customerId}`)
    return { endMs: db.endMs + 0.3, status: 404 }
  }
  const items = sql(ctx, s, 'SELECT', 'order_items', 'SELECT sku, quantity, price FROM order_items WHERE order_id = $1', db.endMs + 0.1, 3, 0.4)
  log(s, items.endMs + 0.1, 'INFO', ORDER_LOGGER, `loaded order ${orderId}`)
  return { endMs: items.endMs + latencyMs(ctx.rng, 0.5, 0.4), status: 200 }
}

function createOrder(ctx: PlanContext, s: PlannedSpan, orderId: string, t0: number): ServerResult {
  const customer = sql(ctx, s, 'SELECT', 'customers', 'SELECT id, currency, credit_limit FROM customers WHERE tenant_id = $1 AND id = $2', t0, 2, 0.4)
  const rates = callRates(ctx, s, customer.endMs)
  if (rates.status !== 200) return { endMs: rates.endMs, status: rates.status }
  const insert = sql(ctx, s, 'INSERT', 'orders', 'INSERT INTO orders (id, tenant_id, customer_id, total, currency) VALUES ($1, $2, $3, $4, $5)', rates.endMs + 0.2, 4, 0.5)
  if (brokenSchema(ctx)) return failedQuery(ctx, s, insert)
  if (chance(ctx.rng, 0.004)) {
    const error = ex.serializationFailure()
    fail(insert, error, insert.endMs)
    log(s, insert.endMs + 0.1, 'ERROR', ORDER_LOGGER, `could not create order ${orderId}`, { error })
    return { endMs: insert.endMs + 0.5, status: 500 }
  }
  const sent = publishOrderCreated(ctx, s, orderId, insert.endMs + 0.1)
  log(s, sent + 0.1, 'INFO', ORDER_LOGGER, `created order ${orderId} for customer ${ctx.customerId}`)
  return { endMs: sent + latencyMs(ctx.rng, 0.6, 0.4), status: 201 }
}

function callRates(ctx: PlanContext, s: PlannedSpan, t0: number): { endMs: number; status: number } {
  const call = httpCall(ctx, s, service('external-api'), 'GET', '/v1/rates', '/v1/rates?base=EUR', t0, (st) => externalApi(ctx, st), EXTERNAL_TIMEOUT_MS)
  const took = call.endMs - t0
  if (call.timedOut || call.status === undefined) {
    log(s, call.endMs, 'ERROR', 'com.acme.business.pricing.RatesClient', `external-api did not answer within ${EXTERNAL_TIMEOUT_MS} ms`)
    return { endMs: call.endMs + 0.3, status: 504 }
  }
  if (took > SLOW_CALL_MS) {
    log(s, call.endMs, 'WARN', 'com.acme.business.pricing.RatesClient', `slow call: GET external-api /v1/rates took ${Math.round(took)} ms (threshold ${SLOW_CALL_MS} ms)`)
  }
  if (call.status >= 500) {
    log(s, call.endMs + 0.1, 'ERROR', 'com.acme.business.pricing.PricingService', 'cannot price order: exchange rates unavailable', { error: ex.externalUnavailable() })
    return { endMs: call.endMs + 0.3, status: 502 }
  }
  return { endMs: call.endMs, status: 200 }
}

function externalApi(ctx: PlanContext, startMs: number): { span: PlannedSpan; endMs: number; status: number } {
  let status = 200
  const span = httpServer(ctx, 'external-api', SCOPES.server, 'GET', '/v1/rates', '/v1/rates', startMs, (s, t0) => {
    // A partner API: it knows nothing of our tenants.
    delete s.attributes['tenant.id']
    delete s.attributes['customer.id']
    s.attributes['url.query'] = 'base=EUR'
    const snapshot = newSpan('external-api', SCOPES.app, 'RateTable.snapshot', SpanKind.INTERNAL, t0, { 'rates.base': 'EUR' })
    snapshot.endMs = t0 + latencyMs(ctx.rng, 0.4, 0.3)
    s.children.push(snapshot)
    const median = ctx.scenario === 'slow-external-api' ? 8000 : 35
    const t = snapshot.endMs + latencyMs(ctx.rng, median, ctx.scenario === 'slow-external-api' ? 0.08 : 0.35)
    if (chance(ctx.rng, 0.004)) {
      status = 503
      const error = ex.rateTableUnavailable()
      fail(snapshot, error, snapshot.endMs)
      log(s, t, 'ERROR', 'com.partner.rates.RatesController', 'rates unavailable', { error })
    } else {
      log(s, t, 'INFO', 'com.partner.rates.RatesController', 'rates served (base=EUR, 32 currencies)')
    }
    return { endMs: t, status }
  })
  return { span, endMs: span.endMs, status }
}

function publishOrderCreated(ctx: PlanContext, s: PlannedSpan, orderId: string, t0: number): number {
  const producer = newSpan('business-service', SCOPES.kafka, `send ${ORDER_EVENTS_TOPIC}`, SpanKind.PRODUCER, t0, {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.destination.name': ORDER_EVENTS_TOPIC,
    'messaging.kafka.message.key': orderId,
    'server.address': PEERS.kafka.address,
    'server.port': PEERS.kafka.port,
    'peer.service': PEERS.kafka.service,
  })
  producer.endMs = t0 + latencyMs(ctx.rng, 2.5, 0.5, 0.3)
  s.children.push(producer)
  // The consumer runs after the request has been answered: the trace outlives its root span.
  const consumeAt = producer.endMs + latencyMs(ctx.rng, 15, 0.6, 1)
  const consumer = newSpan('notification-worker', SCOPES.kafka, `process ${ORDER_EVENTS_TOPIC}`, SpanKind.CONSUMER, consumeAt, {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': ORDER_EVENTS_TOPIC,
    'messaging.consumer.group.name': 'notification-worker',
    'messaging.destination.partition.id': String(intBetween(ctx.rng, 0, 5)),
    'messaging.kafka.offset': intBetween(ctx.rng, 100_000, 900_000),
    'messaging.kafka.message.key': orderId,
    ...contextAttributes(ctx),
  })
  producer.children.push(consumer)
  const insert = sql(ctx, consumer, 'INSERT', 'notifications', 'INSERT INTO notifications (customer_id, kind, payload) VALUES ($1, $2, $3)', consumeAt + 0.3, 3, 0.4)
  const render = newSpan('notification-worker', SCOPES.app, 'render order-confirmation', SpanKind.INTERNAL, insert.endMs + 0.1, { 'template.name': 'order-confirmation' })
  render.endMs = render.startMs + latencyMs(ctx.rng, 2, 0.4)
  consumer.children.push(render)
  consumer.endMs = render.endMs + 0.2
  log(consumer, consumer.endMs, 'INFO', 'com.acme.notify.OrderEventsListener', `order confirmation queued for customer ${ctx.customerId} (order ${orderId})`)
  return producer.endMs
}

function notificationsEndpoint(ctx: PlanContext, startMs: number): { span: PlannedSpan; endMs: number; status: number } {
  const span = httpServer(ctx, 'notification-worker', SCOPES.server, 'GET', '/notifications', '/notifications', startMs, (s, t0) => {
    const db = sql(ctx, s, 'SELECT', 'notifications', 'SELECT id, kind, created_at FROM notifications WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 20', t0, 3, 0.4)
    const t = db.endMs + hopMs(ctx)
    log(s, t, 'INFO', 'com.acme.notify.NotificationController', `returned ${intBetween(ctx.rng, 0, 20)} notifications for customer ${ctx.customerId}`)
    return { endMs: t, status: 200 }
  })
  return { span, endMs: span.endMs, status: 200 }
}
