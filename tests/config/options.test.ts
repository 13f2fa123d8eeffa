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
})
