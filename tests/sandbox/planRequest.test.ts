import { SpanKind } from '@opentelemetry/api'
import { describe, expect, it } from 'vitest'
import { GATEWAY_TIMEOUT_MS } from '../../sandbox/model/planRequest'
import { flattenPlan, type PlannedSpan, type RequestPlan } from '../../sandbox/model/requestPlan'
import { ERROR_BURST_TENANT, SERVICES } from '../../sandbox/model/topology'
import { planMany } from './sandboxFixtures'

const spans = (plans: readonly RequestPlan[]): PlannedSpan[] => plans.flatMap((p) => flattenPlan(p.root))
const server = (s: PlannedSpan, service: string) => s.service === service && s.kind === SpanKind.SERVER
const p95 = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length * 0.95)] ?? NaN
}

describe('planRequest: the simulated company', () => {
  const steady = planMany(1, 'steady', 600)

  it('exercises every service, database, cache and queue spans, and several tenants and customers', () => {
    const all = spans(steady)
    for (const service of SERVICES) expect(all.some((s) => server(s, service) || s.service === service)).toBe(true)
    expect(all.some((s) => s.attributes['db.system'] === 'postgresql' && typeof s.attributes['db.statement'] === 'string')).toBe(true)
    expect(all.some((s) => s.attributes['db.system'] === 'redis')).toBe(true)
    expect(all.some((s) => s.kind === SpanKind.PRODUCER && s.attributes['messaging.system'] === 'kafka')).toBe(true)
    expect(all.some((s) => s.kind === SpanKind.CONSUMER && s.service === 'notification-worker')).toBe(true)
    expect(new Set(steady.map((p) => p.tenantId)).size).toBeGreaterThanOrEqual(2)
    expect(new Set(steady.map((p) => p.customerId)).size).toBeGreaterThanOrEqual(4)
  })

  it('uses semantic-convention attribute names on HTTP server spans', () => {
    const gw = steady[0]?.root
    expect(gw?.kind).toBe(SpanKind.SERVER)
    expect(Object.keys(gw?.attributes ?? {})).toEqual(
      expect.arrayContaining(['http.request.method', 'http.route', 'http.response.status_code', 'server.address', 'tenant.id', 'customer.id']),
    )
  })

  it('nests children inside the request in time (the consumer may run after the response)', () => {
    for (const plan of steady.slice(0, 100)) {
      for (const s of flattenPlan(plan.root)) {
        expect(s.endMs).toBeGreaterThanOrEqual(s.startMs)
        for (const c of s.children) expect(c.startMs).toBeGreaterThanOrEqual(s.startMs)
      }
    }
  })

  it('is mostly healthy in steady state, with a few errors and error logs with stack traces', () => {
    const ok = steady.filter((p) => p.statusCode < 400).length / steady.length
    expect(ok).toBeGreaterThan(0.95)
    const gatewayP95 = p95(steady.map((p) => p.root.endMs - p.root.startMs))
    expect(gatewayP95).toBeLessThan(500)
    const logs = spans(planMany(2, 'steady', 3000)).flatMap((s) => s.logs)
    expect(logs.some((l) => l.level === 'ERROR' && l.error?.stackTrace.includes('\n\tat '))).toBe(true)
    expect(logs.some((l) => l.level === 'WARN')).toBe(true)
  })

  it('slow-external-api: external calls take ~8 s and the gateway answers 504 at its timeout', () => {
    const plans = planMany(3, 'slow-external-api', 300)
    const external = spans(plans).filter((s) => server(s, 'external-api')).map((s) => s.endMs - s.startMs)
    expect(p95(external)).toBeGreaterThan(7000)
    const timedOut = plans.filter((p) => p.statusCode === 504)
    expect(timedOut.length).toBeGreaterThan(plans.length * 0.4)
    for (const p of timedOut) {
      const call = p.root.children.find((c) => c.kind === SpanKind.CLIENT && c.status.code === 'error')
      expect(call && call.endMs - call.startMs).toBeCloseTo(GATEWAY_TIMEOUT_MS, 6)
      // The callee carries on after the gateway gave up: a child outlives its parent.
      const callee = call?.children[0]
      expect(callee && callee.endMs).toBeGreaterThan(call?.endMs ?? Infinity)
      expect(p.root.endMs - p.root.startMs).toBeLessThan(GATEWAY_TIMEOUT_MS + 1000)
      expect(p.root.status.code).toBe('error')
    }
    expect(p95(plans.map((p) => p.root.endMs - p.root.startMs))).toBeGreaterThan(2000)
  })

  it('token-validation-cache-miss: auth-service calls identity-provider GET /keys on every request', () => {
    const plans = planMany(4, 'token-validation-cache-miss', 300)
    const auth = spans(plans).filter((s) => server(s, 'auth-service'))
    expect(auth.every((s) => s.children.some((c) => c.name === 'GET /keys' && c.attributes['peer.service'] === 'identity-provider'))).toBe(true)
    const steadyAuth = spans(steady).filter((s) => server(s, 'auth-service')).map((s) => s.endMs - s.startMs)
    expect(p95(auth.map((s) => s.endMs - s.startMs))).toBeGreaterThan(10 * p95(steadyAuth))
    // "Infrastructure looks normal": database latency is unchanged.
    const db = spans(plans).filter((s) => s.attributes['db.system'] === 'postgresql').map((s) => s.endMs - s.startMs)
    expect(p95(db)).toBeLessThan(30)
  })

  it('error-burst: business-service answers 5xx for one tenant only', () => {
    const plans = planMany(5, 'error-burst', 600)
    const business = spans(plans).filter((s) => server(s, 'business-service'))
    const failing = business.filter((s) => Number(s.attributes['http.response.status_code']) >= 500)
    const byTenant = (tenant: string) => failing.filter((s) => s.attributes['tenant.id'] === tenant).length
    expect(byTenant(ERROR_BURST_TENANT) / business.filter((s) => s.attributes['tenant.id'] === ERROR_BURST_TENANT).length).toBeGreaterThan(0.6)
    const others = failing.filter((s) => s.attributes['tenant.id'] !== ERROR_BURST_TENANT).length
    expect(others / business.length).toBeLessThan(0.03)
    const errorLogs = business.flatMap((s) => s.logs).filter((l) => l.level === 'ERROR')
    expect(errorLogs.some((l) => l.error?.stackTrace.includes('PSQLException'))).toBe(true)
  })
})
