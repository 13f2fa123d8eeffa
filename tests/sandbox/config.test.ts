import { describe, expect, it } from 'vitest'
import { resolveOptions, type TraceboardOptions } from '@/module/options'
import { parseSandboxArgs } from '../../sandbox/cliArgs'
import { buildDemoConfig, TRACE_KINDS } from '../../sandbox/demoConfig'
import { SERVICES } from '../../sandbox/model/topology'
import { alertRulesYaml, prometheusArgs, prometheusConfigYaml } from '../../sandbox/prometheus/prometheusConfig'

describe('Prometheus config for the demo', () => {
  const yaml = prometheusConfigYaml({ target: '127.0.0.1:8080', rulesFile: '/tmp/x/rules.yml' })

  it('has one 5 s scrape job per service on /metrics/<service>, instance pinned', () => {
    expect(yaml).toContain('scrape_interval: 5s')
    for (const service of SERVICES) {
      expect(yaml).toContain(`job_name: "${service}"`)
      expect(yaml).toContain(`metrics_path: "/metrics/${service}"`)
    }
    expect(yaml.match(/instance: "sandbox"/g)).toHaveLength(SERVICES.length)
    expect(yaml).toContain('"/tmp/x/rules.yml"')
  })

  it('lists the exported SLO rule file beside the alert rules when given', () => {
    const both = prometheusConfigYaml({ target: '127.0.0.1:8080', rulesFile: '/tmp/x/rules.yml', sloRulesFile: '/tmp/x/slo-rules.yml' })
    expect(both).toMatch(/rule_files:\n {2}- "\/tmp\/x\/rules.yml"\n {2}- "\/tmp\/x\/slo-rules.yml"\n/)
    expect(yaml).not.toContain('slo-rules')
  })

  it('alerts on error ratio > 5 % for 2 m and p95 > 2 s for 5 m over spanmetrics server spans', () => {
    const rules = alertRulesYaml()
    expect(rules).toMatch(/alert: HighErrorRatio[\s\S]*> 0\.05\n\s*for: 2m/)
    expect(rules).toMatch(/alert: HighLatencyP95[\s\S]*> 2000\n\s*for: 5m/)
    expect(rules).toContain('span_kind="SPAN_KIND_SERVER"')
  })

  it('starts prometheus on loopback with 35 d retention (longer than the 30-day SLO window) and exemplar storage', () => {
    const args = prometheusArgs({ configFile: 'c.yml', dataDir: '/d', listen: '127.0.0.1:9999' })
    expect(args).toEqual(expect.arrayContaining(['--web.listen-address=127.0.0.1:9999', '--storage.tsdb.retention.time=35d', '--enable-feature=exemplar-storage', '--storage.tsdb.path=/d']))
  })
})

describe('sandbox command line', () => {
  it('has defaults and reads every flag', () => {
    expect(parseSandboxArgs([])).toMatchObject({ port: 9400, seed: 42, scenario: 'steady', rate: 5, traces: 'zipkin', exemplars: true })
    const args = parseSandboxArgs(['--port', '0', '--seed', '7', '--scenario', 'error-burst', '--rate', '2.5', '--max-traces', '10', '--no-exemplars', '--traces', 'jaeger-v3'])
    expect(args).toMatchObject({ port: 0, seed: 7, scenario: 'error-burst', rate: 2.5, maxTraces: 10, exemplars: false, traces: 'jaeger-v3' })
  })

  it('names the bad flag', () => {
    expect(() => parseSandboxArgs(['--scenario', 'meteor'])).toThrow(/--scenario/)
    expect(() => parseSandboxArgs(['--rate', '-1'])).toThrow(/--rate/)
    expect(() => parseSandboxArgs(['--frobnicate'])).toThrow()
  })
})

describe('demo config', () => {
  it.each(TRACE_KINDS)('is valid Traceboard options with traces kind %s', (kind) => {
    const router = { addRoute: () => () => undefined, removeRoute: () => undefined } as unknown as TraceboardOptions['router']
    const resolved = resolveOptions({ ...(buildDemoConfig(kind, 'logs-sandbox') as Omit<TraceboardOptions, 'router'>), router })
    expect(resolved.backends.traces?.kind).toBe(kind)
    expect(resolved.basePath).toBe('/monitoring')
  })
})
