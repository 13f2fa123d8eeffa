/**
 * The demo's SLOs: what a team would write in `traceboard.config.json` (`slos`), and the
 * Prometheus rules Traceboard exports for them, loaded by the demo's Prometheus. The app and the
 * rules expand the same options over the same services, so the page's SLO names are the `slo`
 * labels of the recorded series and alerts.
 */
import { RED_PRESETS } from '../../src/domain/metrics/redPresets'
import { expandSlos } from '../../src/domain/slo/expandSlos'
import type { SloDefinition, SloOptions } from '../../src/domain/slo/sloDefinition'
import { exportSloRules } from '../../src/domain/slo/sloRules'
import { SPAN_DURATION_BUCKETS_MS } from '../metrics/metricNames'
import { SERVICES } from '../model/topology'

/** Latency SLO threshold: a bound of the spanmetrics histogram (a threshold between bounds is refused). */
export const DEMO_LATENCY_THRESHOLD_MS = 400
if (!(SPAN_DURATION_BUCKETS_MS as readonly number[]).includes(DEMO_LATENCY_THRESHOLD_MS)) {
  throw new Error(`demo latency SLO threshold ${DEMO_LATENCY_THRESHOLD_MS} ms is not a bucket bound`)
}

/**
 * Every service: 99.5 % available and 99 % of requests within 400 ms, over 30 days. Steady
 * traffic fails 0.26–0.36 % of requests at the gateway, business-service and external-api (a
 * burn of about 0.5–0.7×), so the backfilled month leaves a third to a half of those budgets;
 * `error-burst` (≈30 % errors at business-service and the gateway) burns ~60× and pages.
 */
export const DEMO_SLOS: SloOptions = {
  defaults: [
    { kind: 'availability', objective: 99.5, window: '30d' },
    { kind: 'latency', objective: 99, window: '30d', thresholdMs: DEMO_LATENCY_THRESHOLD_MS },
  ],
  services: {},
}

/**
 * Evaluation interval of the exported rule groups in the demo. Teams get `1m` by default; a demo
 * incident lasts minutes and the page alert has no `for`, so it fires at the first evaluation
 * after its condition holds: 15 s keeps that close to the moment it becomes true.
 */
export const DEMO_SLO_RULE_INTERVAL_S = 15

/** The demo's SLOs over the sandbox's services, as the SLO page expands them. */
export function demoSloDefinitions(): SloDefinition[] {
  return expandSlos(DEMO_SLOS, SERVICES)
}

/** The rule file the demo's Prometheus loads: Traceboard's own export, spanmetrics preset. */
export function demoSloRulesYaml(): string {
  return exportSloRules({ preset: RED_PRESETS.spanmetrics, slos: demoSloDefinitions(), interval: `${DEMO_SLO_RULE_INTERVAL_S}s` })
}
