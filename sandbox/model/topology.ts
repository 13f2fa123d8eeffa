/**
 * The simulated company: who calls whom. Instrumented services emit spans, metrics and logs;
 * the remote peers (database, cache, broker, identity provider) only appear as the other end of
 * client spans, as uninstrumented dependencies do in real traces.
 */
export const SERVICES = [
  'api-gateway',
  'auth-service',
  'business-service',
  'external-api',
  'notification-worker',
] as const

export type ServiceName = (typeof SERVICES)[number]

export function isServiceName(value: string): value is ServiceName {
  return (SERVICES as readonly string[]).includes(value)
}

/** Service versions, put on each service's OTel resource. */
export const SERVICE_VERSIONS: Readonly<Record<ServiceName, string>> = {
  'api-gateway': '2.14.1',
  'auth-service': '1.9.0',
  'business-service': '4.3.2',
  'external-api': '0.8.5',
  'notification-worker': '1.2.7',
}

/** Uninstrumented peers, named as `peer.service` on the client spans that reach them. */
export const PEERS = {
  postgres: { service: 'orders-db', address: 'postgres.sandbox.internal', port: 5432 },
  redis: { service: 'redis', address: 'redis.sandbox.internal', port: 6379 },
  kafka: { service: 'kafka', address: 'kafka.sandbox.internal', port: 9092 },
  identityProvider: { service: 'identity-provider', address: 'idp.sandbox.internal', port: 443 },
} as const

export interface Tenant {
  id: string
  /** Share of traffic. */
  weight: number
  customers: readonly string[]
}

export const TENANTS: readonly Tenant[] = [
  { id: 'acme', weight: 0.5, customers: ['acme-c-1001', 'acme-c-1002', 'acme-c-1003'] },
  { id: 'globex', weight: 0.35, customers: ['globex-c-2001', 'globex-c-2002'] },
  { id: 'initech', weight: 0.15, customers: ['initech-c-3001', 'initech-c-3002'] },
]

/** The tenant hit by the `error-burst` scenario. */
export const ERROR_BURST_TENANT = 'globex'

/** Routes the gateway serves (OTel `http.route`), with their share of traffic. */
export const GATEWAY_ROUTES = [
  { method: 'GET', route: '/api/orders', weight: 0.45 },
  { method: 'GET', route: '/api/orders/{orderId}', weight: 0.3 },
  { method: 'POST', route: '/api/orders', weight: 0.15 },
  { method: 'GET', route: '/api/notifications', weight: 0.1 },
] as const

export type GatewayRoute = (typeof GATEWAY_ROUTES)[number]

/** Kafka topic between business-service and notification-worker. */
export const ORDER_EVENTS_TOPIC = 'order-events'
