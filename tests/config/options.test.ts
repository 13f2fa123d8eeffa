import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { resolveOptions, TraceboardConfigError, type TraceboardOptions } from '@/module/options'

const router = createRouter({ history: createMemoryHistory(), routes: [] })

function problemsOf(input: unknown): string[] {
  try {
    resolveOptions(input as TraceboardOptions)
  } catch (e) {
    if (e instanceof TraceboardConfigError) return e.problems
    throw e
  }
  throw new Error('expected TraceboardConfigError')
}

describe('resolveOptions', () => {
  it('fills defaults for a minimal valid config', () => {
    const o = resolveOptions({ router, backends: { traces: { kind: 'zipkin', url: '/api/traces' } } })
    expect(o.basePath).toBe('/monitoring')
    expect(o.locale).toBe('ko')
    expect(o.refreshIntervalMs).toBe(30_000)
    expect(o.thresholds.warning).toEqual({ errorRatio: 0.01, p95Ms: 1000 })
    expect(o.thresholds.critical).toEqual({ errorRatio: 0.05, p95Ms: 2000 })
    expect(o.backends.metrics).toBeUndefined()
  })

  it('names every bad field in one readable error', () => {
    const problems = problemsOf({
      router: {},
      basePath: 'monitoring',
      backends: {
        traces: { kind: 'tempo', url: '/api/traces' },
        logs: { url: 'javascript:alert(1)', indexPattern: 'logs-*/../_cluster' },
      },
      refreshIntervalMs: 10,
    })
    expect(problems.some((p) => p.startsWith('router:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('basePath:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('backends.traces.kind:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('backends.logs.url:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('backends.logs.indexPattern:'))).toBe(true)
    expect(problems.some((p) => p.startsWith('refreshIntervalMs:'))).toBe(true)
  })

  it('rejects a non-function permission callback and http factory', () => {
    const problems = problemsOf({ router, backends: {}, can: true, http: 'axios' })
    expect(problems).toContain('can: expected a function (permission) => boolean | Promise<boolean>')
    expect(problems).toContain('http: expected a function (backend) => AxiosInstance')
  })

  it('accepts a custom log mapping and rejects one with a missing field', () => {
    const mapping = { timestamp: 'ts', level: 'lvl', message: 'msg', service: 'svc', traceId: 'tid', spanId: 'sid' }
    expect(resolveOptions({ router, backends: { logs: { url: '/l', indexPattern: 'app-*', mapping } } }).backends.logs?.mapping).toEqual(mapping)
    const problems = problemsOf({ router, backends: { logs: { url: '/l', indexPattern: 'a', mapping: { ...mapping, traceId: undefined } } } })
    expect(problems.some((p) => p.startsWith('backends.logs.mapping'))).toBe(true)
  })

  it('validates display masking rules at install and keeps valid ones', () => {
    const masking = { fields: [{ path: 'customer.email', action: 'mask' as const, keep: 4 }], messagePatterns: ['\\d{3}-\\d{4}'] }
    expect(resolveOptions({ router, backends: {}, masking }).masking).toEqual(masking)
    const problems = problemsOf({ router, backends: {}, masking: { fields: [{ path: 'x', action: 'explode' }] } })
    expect(problems.some((p) => p.startsWith('masking.fields[0]'))).toBe(true)
  })

  it('says what each bad field should hold, keeping the custom messages', () => {
    const problems = problemsOf({
      router,
      parentRouteName: '',
      backends: {
        metrics: { url: '/m', preset: 'nope', timeoutMs: 0 },
        traces: { kind: 'tempo', url: '' },
        logs: { url: '/l', indexPattern: 'A', contextFields: ['tenant.id', ''] },
      },
      thresholds: { warning: { errorRatio: 2, p95Ms: 0 }, perService: { batch: { critical: { p95Ms: 'slow' } } } },
      refreshIntervalMs: 1.5,
      locale: 'fr',
      links: { logsExplorer: 3 },
    })
    expect(problems).toEqual([
      'parentRouteName: must not be empty',
      "backends.metrics.preset: Invalid input: expected one of 'spanmetrics', 'spanmetrics-legacy', 'tempo', 'otel-http', 'otel-http-legacy', 'micrometer', 'prom-client', 'auto'",
      'backends.metrics.timeoutMs: Invalid input: expected a whole number from 1 to 600000',
      "backends.traces.kind: Invalid input: expected one of 'zipkin', 'jaeger', 'jaeger-v3'",
      'backends.traces.url: must not be empty',
      'backends.traces.url: must be an http(s) URL or a path starting with /',
      'backends.logs.indexPattern: may hold lowercase letters, digits and . _ * , : + - only',
      'backends.logs.contextFields[1]: must not be empty',
      'thresholds.warning.errorRatio: Invalid input: expected a number from 0 to 1',
      'thresholds.warning.p95Ms: Invalid input: expected a number above 0',
      'thresholds.perService.batch.critical.p95Ms: Invalid input: expected a number above 0',
      'refreshIntervalMs: Invalid input: expected a whole number from 5000 to 3600000',
      "locale: Invalid input: expected one of 'ko', 'en'",
      'links.logsExplorer: Invalid input: expected a string',
    ])
  })

  it('names the missing or empty field of a custom log mapping', () => {
    const problems = problemsOf({ router, backends: { logs: { url: '/l', indexPattern: 'a', mapping: { timestamp: '@timestamp', level: '', message: 'm' } } } })
    expect(problems).toEqual([
      'backends.logs.mapping.level: must not be empty',
      'backends.logs.mapping.service: Invalid input: expected a string',
      'backends.logs.mapping.traceId: Invalid input: expected a string',
      'backends.logs.mapping.spanId: Invalid input: expected a string',
    ])
    expect(problemsOf({ router, backends: { logs: { url: '/l', indexPattern: 'a', mapping: 'loki' } } })).toEqual([
      "backends.logs.mapping: Invalid input: expected one of 'ecs', 'otel', 'otel-raw', 'spring-logstash'",
    ])
  })

  it('keeps only the fields it knows and fills each default afresh', () => {
    const a = resolveOptions({ router, backends: { traces: { kind: 'zipkin', url: '/t', extra: 1 } as never } })
    expect(a.backends.traces).toEqual({ kind: 'zipkin', url: '/t' })
    a.thresholds.warning.p95Ms = 1
    expect(resolveOptions({ router, backends: {} }).thresholds.warning.p95Ms).toBe(1000)
  })
})

describe('resolveOptions: SLOs (issue 14)', () => {
  it('defaults to none and keeps valid defaults and per-service SLOs', () => {
    expect(resolveOptions({ router, backends: {} }).slos).toEqual({ defaults: [], services: {} })
    const slos = {
      defaults: [{ kind: 'availability' as const, objective: 99.9, window: '30d' as const }],
      services: { checkout: [{ kind: 'latency' as const, objective: 99, window: '7d' as const, thresholdMs: 250, operation: 'POST /pay' }] },
    }
    expect(resolveOptions({ router, backends: {}, slos }).slos).toEqual(slos)
  })

  it('one readable line per invalid SLO option, naming the field', () => {
    const problems = problemsOf({
      router,
      backends: {},
      slos: {
        defaults: [{ kind: 'availability', objective: 100, window: '14d' }],
        services: {
          checkout: [
            { kind: 'latency', objective: 99, window: '7d' },
            { kind: 'availability', objective: 0, window: '30d', thresholdMs: 300 },
            { kind: 'throughput', objective: 99, window: '7d', name: 'a b' },
            { kind: 'latency', objective: 99, window: '7d', thresholdMs: -5 },
          ],
        },
      },
    })
    expect(problems).toEqual([
      'slos.defaults[0].objective: Invalid input: expected a percentage above 0 and below 100 (e.g. 99.9), got 100',
      "slos.defaults[0].window: Invalid input: expected one of '7d', '28d', '30d', got \"14d\"",
      'slos.services.checkout[0].thresholdMs: Invalid input: a latency SLO needs a threshold in milliseconds (a histogram bucket bound)',
      'slos.services.checkout[1].objective: Invalid input: expected a percentage above 0 and below 100 (e.g. 99.9), got 0',
      'slos.services.checkout[1].thresholdMs: Invalid input: only latency SLOs take a threshold',
      "slos.services.checkout[2].kind: Invalid input: expected one of 'availability', 'latency', got \"throughput\"",
      'slos.services.checkout[2].name: Invalid input: expected 1 to 100 letters, digits, _ . : - (starting with a letter or digit)',
      'slos.services.checkout[3].thresholdMs: Invalid input: expected a latency threshold in milliseconds above 0, got -5',
    ])
  })
})
