/**
 * Incident scenarios, each a real back-office incident shape. `steady` is normal operation;
 * the others change the simulated latencies and failures (see sandbox/README.md for the story
 * of finding each one).
 */
export const SCENARIOS = ['steady', 'slow-external-api', 'token-validation-cache-miss', 'error-burst'] as const

export type ScenarioName = (typeof SCENARIOS)[number]

export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value)
}

export const SCENARIO_DESCRIPTIONS: Readonly<Record<ScenarioName, string>> = {
  steady: 'normal traffic: low latency, a few errors',
  'slow-external-api': 'external-api answers in ~8 s; the gateway times out after 4 s (504) and its p95 climbs',
  'token-validation-cache-miss':
    'auth-service misses its key cache and calls identity-provider GET /keys on every request; its p95 rises',
  'error-burst': 'business-service answers 5xx for tenant globex (a failed per-tenant schema migration)',
}
