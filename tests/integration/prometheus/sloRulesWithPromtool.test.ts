/**
 * The exported SLO rules, checked by Prometheus' own tool: `promtool check rules` for every
 * preset and both SLI kinds, and `promtool test rules` (no server) proving the alerts: the page
 * alert fires for a fast burn, the ticket alert (alone) for a slow burn, neither under 1×.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, selector } from '@/domain/promql/builder'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import { exportSloRules, SLO_ALERT_NAME } from '@/domain/slo/sloRules'
import { findPrometheusBinaries, prometheusAvailable } from '../../support/prometheus'

const run = promisify(execFile)
const available = prometheusAvailable()

const HOSTILE = 'pay.ments+ "β" {{ .Value }} \\d'

const SLOS: SloDefinition[] = [
  { name: 'checkout-availability', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' },
  { name: 'hostile-availability', service: HOSTILE, kind: 'availability', objectivePercent: 99.9, window: '28d' },
  { name: 'checkout-pay-latency', service: 'checkout', operation: 'POST /pay', kind: 'latency', objectivePercent: 99, window: '7d', thresholdMs: 250 },
]

function promtool(): string {
  const found = findPrometheusBinaries()
  if ('missing' in found) throw new Error(`missing ${found.missing.join(', ')}`)
  return found.promtool
}

/** A spanmetrics server-span counter series in promtool's input notation. */
function calls(service: string, status: 'UNSET' | 'ERROR', perMinute: number, minutes: number): { series: string; values: string } {
  const sel = selector('traces_span_metrics_calls_total', [
    eq('service_name', service),
    eq('span_name', 'POST /pay'),
    eq('span_kind', 'SPAN_KIND_SERVER'),
    eq('status_code', `STATUS_CODE_${status}`),
  ])
  return { series: sel, values: `0+${perMinute}x${minutes}` }
}

function expected(service: string, slo: string, severity: 'page' | 'ticket'): object {
  return {
    exp_labels: { service_name: service, slo, service, severity },
    exp_annotations: {
      summary: `SLO ${slo} of ${service} is burning its error budget ${severity === 'page' ? 'fast' : 'slowly'}`,
      objective: '99.9% availability over 30d',
    },
  }
}

/** Test file as JSON (valid YAML): promtool reads it with the same YAML parser. */
function testFile(): string {
  const tests = [
    {
      name: 'fast burn (2 % errors = 20×) for 2 h: page, and ticket too',
      interval: '1m',
      input_series: [calls('checkout', 'UNSET', 980, 130), calls('checkout', 'ERROR', 20, 130)],
      alert_rule_test: [
        { eval_time: '2h', alertname: SLO_ALERT_NAME, exp_alerts: [expected('checkout', 'checkout-availability', 'page'), expected('checkout', 'checkout-availability', 'ticket')] },
      ],
    },
    {
      name: 'slow burn (0.4 % errors = 4×) for 25 h: ticket only',
      interval: '1m',
      input_series: [calls('checkout', 'UNSET', 996, 1530), calls('checkout', 'ERROR', 4, 1530)],
      alert_rule_test: [{ eval_time: '25h', alertname: SLO_ALERT_NAME, exp_alerts: [expected('checkout', 'checkout-availability', 'ticket')] }],
    },
    {
      name: 'under 1× (0.05 % errors) for 3 days: neither',
      interval: '5m',
      input_series: [calls('checkout', 'UNSET', 9995, 900), calls('checkout', 'ERROR', 5, 900)],
      alert_rule_test: [
        { eval_time: '2h', alertname: SLO_ALERT_NAME, exp_alerts: [] },
        { eval_time: '74h', alertname: SLO_ALERT_NAME, exp_alerts: [] },
      ],
    },
    {
      name: 'a hostile service name pages as itself; its decoy does not',
      interval: '1m',
      input_series: [
        calls(HOSTILE, 'UNSET', 980, 130),
        calls(HOSTILE, 'ERROR', 20, 130),
        calls('payXmentsss "β" {{ .Value }} 7', 'ERROR', 20, 130),
      ],
      alert_rule_test: [
        {
          eval_time: '2h',
          alertname: SLO_ALERT_NAME,
          exp_alerts: (['page', 'ticket'] as const).map((s) => ({
            exp_labels: { service_name: HOSTILE, slo: 'hostile-availability', service: HOSTILE, severity: s },
            exp_annotations: {
              summary: `SLO hostile-availability of ${HOSTILE} is burning its error budget ${s === 'page' ? 'fast' : 'slowly'}`,
              objective: '99.9% availability over 28d',
            },
          })),
        },
      ],
    },
    {
      name: 'no traffic: no alert (0 / 0 is no data, not a burn)',
      interval: '1m',
      input_series: [{ ...calls('checkout', 'UNSET', 0, 130), values: '5x130' }],
      alert_rule_test: [{ eval_time: '2h', alertname: SLO_ALERT_NAME, exp_alerts: [] }],
    },
  ]
  // Rules every 5 min (samples every minute): 74 h of evaluations stay quick.
  return JSON.stringify({ rule_files: ['rules.yml'], evaluation_interval: '5m', tests }, null, 2)
}

describe.skipIf(!available)('exported SLO rules with promtool', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'traceboard-slo-rules-'))
  })

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it.each(PRESET_IDS)('promtool check rules: %s, availability and latency, per service and per operation', async (id) => {
    const file = join(dir, `${id}.yml`)
    await writeFile(file, exportSloRules({ preset: RED_PRESETS[id], slos: SLOS }))
    const { stdout, stderr } = await run(promtool(), ['check', 'rules', file])
    expect(stdout + stderr).toContain(`SUCCESS: ${3 * 10} rules found`)
    expect(stdout + stderr).not.toMatch(/FAILED|lint/i)
  })

  it('promtool test rules: page for a fast burn, ticket for a slow burn, neither under 1×', async () => {
    await writeFile(join(dir, 'rules.yml'), exportSloRules({ preset: RED_PRESETS.spanmetrics, slos: SLOS }))
    await writeFile(join(dir, 'tests.yml'), testFile())
    const result = await run(promtool(), ['test', 'rules', join(dir, 'tests.yml')], { cwd: dir }).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`promtool test rules failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`)
    })
    expect(result.stdout + result.stderr).toContain('SUCCESS')
  })
})
