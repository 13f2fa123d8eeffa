import { describe, expect, it } from 'vitest'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import { exportSloRules, sloListProblems } from '@/domain/slo/sloRules'
import { yamlString } from '@/domain/slo/yamlString'
import { exportSloRules as publicExport } from '@/index'
import { decodeGoString, parseErrors, stringLiterals } from '../promql/lezerPromql'

const HOSTILE = 'pay.ments+ "β" {{ .Value }} \\d'

const slos: SloDefinition[] = [
  { name: 'checkout-availability', service: 'checkout', kind: 'availability', objectivePercent: 99.9, window: '30d' },
  { name: 'hostile-latency', service: HOSTILE, operation: 'POST /pay', kind: 'latency', objectivePercent: 99, window: '7d', thresholdMs: 250 },
]

/** Every `expr:` of the file, decoded from its YAML (JSON-compatible) double-quoted scalar. */
function exprs(yaml: string): string[] {
  return [...yaml.matchAll(/^\s+expr: (".*")$/gm)].map((m) => JSON.parse(m[1] ?? '""') as string)
}

describe.each(PRESET_IDS)('exported rules for %s', (id) => {
  const yaml = exportSloRules({ preset: RED_PRESETS[id], slos })

  it('one group per SLO, 8 recording rules and a page and a ticket alert each', () => {
    expect(yaml.match(/^ {2}- name: /gm)).toHaveLength(2)
    expect(yaml.match(/- record: traceboard:slo_error_ratio:rate/g)).toHaveLength(16)
    expect(yaml.match(/- alert: TraceboardSloErrorBudgetBurn/g)).toHaveLength(4)
    expect(yaml.match(/severity: page/g)).toHaveLength(2)
    expect(yaml.match(/severity: ticket/g)).toHaveLength(2)
    expect(yaml).toContain('record: traceboard:slo_error_ratio:rate30d')
    expect(yaml).toContain('record: traceboard:slo_error_ratio:rate7d')
  })

  it('every expression parses, and the hostile service name is one escaped literal', () => {
    const all = exprs(yaml)
    expect(all).toHaveLength(20)
    for (const e of all) expect(parseErrors(e), e).toEqual([])
    const hostile = all.filter((e) => stringLiterals(e).map(decodeGoString).includes(HOSTILE))
    expect(hostile).toHaveLength(8)
  })

  it('alert thresholds are factor × budget: 14.4 × 0.001 = 0.0144 …', () => {
    const alerts = exprs(yaml).filter((e) => e.includes('traceboard:slo_error_ratio:rate1h{slo="checkout-availability"}'))
    expect(alerts[0]).toContain('rate1h{slo="checkout-availability"} > 0.0144) and (traceboard:slo_error_ratio:rate5m{slo="checkout-availability"} > 0.0144')
    expect(alerts[0]).toContain('rate6h{slo="checkout-availability"} > 0.006')
    const ticket = exprs(yaml).find((e) => e.includes('rate3d{slo="checkout-availability"} > 0.001'))
    expect(ticket).toContain('rate1d{slo="checkout-availability"} > 0.003')
  })

  it('service names are labels of recording rules only, never template text in alerting rules', () => {
    expect(yaml).toContain(`service: ${yamlString(HOSTILE)}`)
    const alertBlocks = yaml.split('- alert:').slice(1).map((b) => b.split('- record:')[0] ?? '')
    for (const b of alertBlocks) expect(b).not.toContain('pay.ments')
  })
})

describe('exportSloRules input checks', () => {
  it('every problem on one line naming the field; duplicates refused', () => {
    const bad = [
      { name: 'a b', service: '', kind: 'latency', objectivePercent: 100, window: '14d', thresholdMs: 0 },
      { name: 'x', service: 's', kind: 'availability', objectivePercent: 99, window: '7d' },
      { name: 'x', service: 's', kind: 'availability', objectivePercent: 99, window: '7d' },
    ] as unknown as SloDefinition[]
    const problems = sloListProblems(bad)
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'slos[0].name',
      'slos[0].objectivePercent',
      'slos[0].window',
      'slos[0].service',
      'slos[0].thresholdMs',
      'slos[2].name',
    ])
    expect(() => exportSloRules({ preset: RED_PRESETS.spanmetrics, slos: bad })).toThrow(/cannot export SLO rules:\n {2}- slos\[0\]\.name/)
  })

  it('is the public API function', () => {
    expect(publicExport).toBe(exportSloRules)
  })
})

describe('yamlString', () => {
  it('escapes what YAML cannot hold raw', () => {
    expect(yamlString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"')
    expect(yamlString('\u0085\u2028\u007f\ufeff')).toBe('"\\u0085\\u2028\\u007f\\ufeff"')
    expect(yamlString('\ud800x')).toBe('"\ufffdx"')
  })
})
