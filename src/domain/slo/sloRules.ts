/**
 * Prometheus recording and alerting rules for SLOs, as a rule file a team loads into its own
 * Prometheus (`rule_files:`): one group per SLO, recording the error ratio over each burn
 * window and the SLO window, then the SRE workbook's multi-window, multi-burn-rate alerts
 * (burnRateAlerts.ts) with labels `slo`, `service` and `severity` (page / ticket).
 *
 * Service names are arbitrary text. They appear only as escaped PromQL literals and as labels
 * of RECORDING rules, which Prometheus never expands as templates; alerting rules take `slo` and
 * `service` from the recorded series, so a `{{` in a service name stays text.
 */
import { binary, eq, num, rePattern, selector, sumBy, type LabelMatcher, type PromQL, type Selector } from '../promql/builder'
import { assertDuration } from '../promql/duration'
import { type RedPreset } from '../metrics/redPresets'
import { BURN_RATE_ALERTS, BURN_WINDOWS, type AlertSeverity, type SloQueryWindow } from './burnRateAlerts'
import { leRegex, thresholdInUnit } from './histogramBuckets'
import {
  kindProblem,
  objectiveProblem,
  sloNameProblem,
  thresholdProblem,
  windowProblem,
  type SloDefinition,
} from './sloDefinition'
import { errorBudget } from './sloMath'
import { presetMatcher } from '../metrics/redQueries'
import { yamlString } from './yamlString'

export const SLO_ALERT_NAME = 'TraceboardSloErrorBudgetBurn'

/** Name of the recorded error ratio over `window`, e.g. `traceboard:slo_error_ratio:rate5m`. */
export function errorRatioRecordName(window: SloQueryWindow): string {
  return `traceboard:slo_error_ratio:rate${window}`
}

export interface SloRulesOptions {
  preset: RedPreset
  slos: readonly SloDefinition[]
  /** Evaluation interval of each group, a PromQL duration. Default `1m`. */
  interval?: string
}

const SUMMARY: Record<AlertSeverity, string> = {
  page: 'SLO {{ $labels.slo }} of {{ $labels.service }} is burning its error budget fast',
  ticket: 'SLO {{ $labels.slo }} of {{ $labels.service }} is burning its error budget slowly',
}

/** The problems of a list of SLOs, one readable line each (empty when they can be exported). */
export function sloListProblems(slos: readonly SloDefinition[]): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  slos.forEach((slo, i) => {
    const at = `slos[${i}]`
    const raw = slo as unknown as Record<string, unknown>
    const checks: [string, string | undefined][] = [
      ['name', sloNameProblem(raw.name)],
      ['kind', kindProblem(raw.kind)],
      ['objectivePercent', objectiveProblem(raw.objectivePercent)],
      ['window', windowProblem(raw.window)],
      ['service', typeof raw.service === 'string' && raw.service !== '' ? undefined : 'Invalid input: expected a service name'],
      ['operation', raw.operation === undefined || (typeof raw.operation === 'string' && raw.operation !== '') ? undefined : 'Invalid input: expected an operation name'],
    ]
    if (raw.kind === 'latency') checks.push(['thresholdMs', thresholdProblem(raw.thresholdMs)])
    for (const [field, p] of checks) if (p !== undefined) problems.push(`${at}.${field}: ${p}`)
    if (seen.has(slo.name)) problems.push(`${at}.name: "${slo.name}" is used by another SLO`)
    seen.add(slo.name)
  })
  return problems
}

function scope(preset: RedPreset, slo: SloDefinition): { by: string[]; matchers: LabelMatcher[] } {
  const matchers = [...preset.filters.map(presetMatcher), eq(preset.serviceLabel, slo.service)]
  if (slo.operation === undefined) return { by: [preset.serviceLabel], matchers }
  return { by: [preset.serviceLabel, preset.operationLabel], matchers: [...matchers, eq(preset.operationLabel, slo.operation)] }
}

function rate(sel: Selector, window: string): PromQL {
  return `rate(${sel}[${assertDuration(window)}])` as PromQL
}

/** Bad / total over `window` for one SLO; no series without traffic (0 / 0 is NaN, never an alert). */
export function sloErrorRatioExpr(preset: RedPreset, slo: SloDefinition, window: SloQueryWindow): PromQL {
  const { by, matchers } = scope(preset, slo)
  if (slo.kind === 'availability') {
    const all = sumBy(by, rate(selector(preset.requestMetric, matchers), window))
    const errors = sumBy(by, rate(selector(preset.requestMetric, [...matchers, ...preset.errorMatchers.map(presetMatcher)]), window))
    return binary(binary(errors, 'or', binary(all, '*', num(0))), '/', all)
  }
  const total = sumBy(by, rate(selector(preset.latencyBucketMetric, [...matchers, eq('le', '+Inf')]), window))
  const le = leRegex([thresholdInUnit(slo.thresholdMs, preset.latencyUnit)])
  const good = sumBy(by, rate(selector(preset.latencyBucketMetric, [...matchers, rePattern('le', le)]), window))
  return binary(binary(total, '-', good), '/', total)
}

function alertExpr(slo: SloDefinition, severity: AlertSeverity): PromQL {
  const budget = errorBudget(slo.objectivePercent)
  const over = (w: SloQueryWindow, factor: number): PromQL =>
    `${selector(errorRatioRecordName(w), [eq('slo', slo.name)])} > ${num(Number((factor * budget).toPrecision(12)))}` as PromQL
  return BURN_RATE_ALERTS.filter((a) => a.severity === severity)
    .map((a) => binary(over(a.longWindow, a.factor), 'and', over(a.shortWindow, a.factor)))
    .reduce((acc, cond) => binary(acc, 'or', cond))
}

function groupYaml(preset: RedPreset, slo: SloDefinition, interval: string): string[] {
  const lines = [`  - name: ${yamlString(`traceboard-slo-${slo.name}`)}`, `    interval: ${interval}`, '    rules:']
  const recordLabels = [
    `          slo: ${yamlString(slo.name)}`,
    `          service: ${yamlString(slo.service)}`,
    ...(slo.operation === undefined ? [] : [`          operation: ${yamlString(slo.operation)}`]),
  ]
  for (const w of [...BURN_WINDOWS, slo.window]) {
    lines.push(
      `      - record: ${errorRatioRecordName(w)}`,
      `        expr: ${yamlString(sloErrorRatioExpr(preset, slo, w))}`,
      '        labels:',
      ...recordLabels,
    )
  }
  for (const severity of ['page', 'ticket'] as const) {
    lines.push(
      `      - alert: ${SLO_ALERT_NAME}`,
      `        expr: ${yamlString(alertExpr(slo, severity))}`,
      '        labels:',
      // `slo` is also on the recorded series; set here too so rules of different SLOs differ
      // (promtool's duplicate-rules lint). SLO names are plain (SLO_NAME): no template syntax.
      `          slo: ${yamlString(slo.name)}`,
      `          severity: ${severity}`,
      '        annotations:',
      `          summary: ${yamlString(SUMMARY[severity])}`,
      `          objective: ${yamlString(`${slo.objectivePercent}% ${slo.kind}${slo.kind === 'latency' ? ` under ${slo.thresholdMs} ms` : ''} over ${slo.window}`)}`,
    )
  }
  return lines
}

/**
 * The Prometheus rule file (YAML) for `slos` measured with `preset`. Throws an Error listing
 * every problem of the SLO list (one line each) instead of writing rules that mean something
 * else.
 */
export function exportSloRules(options: SloRulesOptions): string {
  const problems = sloListProblems(options.slos)
  if (problems.length > 0) throw new Error(`cannot export SLO rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  const interval = assertDuration(options.interval ?? '1m')
  const lines = [
    `# Traceboard SLO rules for the ${options.preset.id} preset: error ratios per window and`,
    '# multi-window, multi-burn-rate alerts (Google SRE workbook, ch. 5). Load with rule_files.',
    'groups:',
  ]
  for (const slo of options.slos) lines.push(...groupYaml(options.preset, slo, interval))
  return lines.join('\n') + '\n'
}
