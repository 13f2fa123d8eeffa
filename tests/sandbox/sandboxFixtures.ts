import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { planRequest } from '../../sandbox/model/planRequest'
import type { RequestPlan } from '../../sandbox/model/requestPlan'
import type { ScenarioName } from '../../sandbox/model/scenarios'
import { mulberry32 } from '../../sandbox/random'
import { emitPlan, type EmittedRequest } from '../../sandbox/telemetry/emitPlan'
import { SeededIdGenerator } from '../../sandbox/telemetry/seededIdGenerator'
import { createServiceTracers } from '../../sandbox/telemetry/serviceTracers'
import { SpanSink } from '../../sandbox/telemetry/spanSink'
import { Sandbox } from '../../sandbox/sandbox'

/** A fixed instant (2026-11-20T12:00:00Z) so every test plans the same traffic. */
export const T0 = Date.UTC(2026, 10, 20, 12, 0, 0)

/** Plans `n` requests from one seeded stream, one second apart. */
export function planMany(seed: number, scenario: ScenarioName, n: number, startMs = T0): RequestPlan[] {
  const rng = mulberry32(seed)
  return Array.from({ length: n }, (_, i) => planRequest(rng, scenario, startMs + i * 1000))
}

/** Emits plans through the real OpenTelemetry SDK and returns the finished ReadableSpans per request. */
export function emitWithSdk(plans: readonly RequestPlan[], idSeed = 7): { spans: ReadableSpan[]; requests: EmittedRequest[] }[] {
  let current: ReadableSpan[] = []
  const tracers = createServiceTracers(new SpanSink((s) => current.push(s)), new SeededIdGenerator(mulberry32(idSeed)))
  return plans.map((plan) => {
    current = []
    const emitted = emitPlan(tracers, plan)
    return { spans: current, requests: [emitted] }
  })
}

/** A sandbox without live traffic, filled with `count` steady requests in the 10 minutes before `now`. */
export function warmSandbox(count: number, options: { seed?: number; now?: number; maxTraces?: number; maxLogs?: number } = {}): Sandbox {
  const now = options.now ?? Date.now()
  const sandbox = new Sandbox({
    seed: options.seed ?? 42,
    idSeed: 99,
    scenario: 'steady',
    ratePerS: 0,
    maxTraces: options.maxTraces ?? 1000,
    maxLogs: options.maxLogs ?? 20_000,
    clock: () => now,
  })
  sandbox.warmUp(10 * 60_000, count)
  return sandbox
}
