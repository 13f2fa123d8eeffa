import { describe, expect, it } from 'vitest'
import { GatewayConfigError, resolveGatewayConfig } from '../../gateway/config/resolveConfig'
import { buildRuntimeConfig } from '../../gateway/app/runtimeConfig'
import { createGateway } from '../../gateway/createGateway'
import { JWT_IDENTITY, SECRETS, TEST_ENV } from './gatewayHarness'

const valid = {
  identity: JWT_IDENTITY,
  backends: {
    metrics: { url: 'http://prometheus.internal:9090', auth: { type: 'basic', usernameEnv: 'TB_PROM_USER', passwordEnv: 'TB_PROM_PASSWORD' } },
    traces: { kind: 'jaeger-v3', url: 'https://jaeger.internal/query', auth: { type: 'bearer', tokenEnv: 'TB_ZIPKIN_TOKEN' } },
    logs: { flavour: 'opensearch', url: 'https://search.internal:9200', indexPatterns: ['logs-*', 'audit-app'], auth: { type: 'apiKey', keyEnv: 'TB_ES_KEY' } },
  },
  masking: { hmacKeyEnv: 'TB_MASK_KEY', rules: [{ field: 'user.id', action: 'hmac' }] },
}

function problems(config: unknown, env = TEST_ENV): string[] {
  try {
    resolveGatewayConfig(config, env)
  } catch (e) {
    if (e instanceof GatewayConfigError) return e.problems
    throw e
  }
  return []
}

describe('gateway configuration', () => {
  it('reads every credential from the environment and builds the upstream headers', () => {
    const r = resolveGatewayConfig(valid, TEST_ENV)
    expect(r.upstreams.metrics?.headers.authorization).toBe(`Basic ${Buffer.from(`${SECRETS.promUser}:${SECRETS.promPassword}`).toString('base64')}`)
    expect(r.upstreams.traces?.headers.authorization).toBe(`Bearer ${SECRETS.zipkinToken}`)
    expect(r.upstreams.traces?.basePath).toBe('/query')
    expect(r.upstreams.logs?.headers.authorization).toBe(`ApiKey ${SECRETS.esApiKey}`)
    expect(r.hmacKey).toBe(SECRETS.hmac)
    expect(r.secrets).toEqual(expect.arrayContaining([SECRETS.promPassword, SECRETS.zipkinToken, SECRETS.esApiKey, SECRETS.hmac, SECRETS.jwt]))
  })

  it('names every missing environment variable at once, without printing any secret', () => {
    const p = problems(valid, { TB_JWT_SECRET: SECRETS.jwt })
    expect(p).toEqual(expect.arrayContaining([
      'backends.metrics.auth.usernameEnv: environment variable TB_PROM_USER is not set',
      'backends.traces.auth.tokenEnv: environment variable TB_ZIPKIN_TOKEN is not set',
      'backends.logs.auth.keyEnv: environment variable TB_ES_KEY is not set',
      'masking.hmacKeyEnv: environment variable TB_MASK_KEY is not set',
    ]))
    expect(p.join('\n')).not.toContain(SECRETS.jwt)
  })

  it('has no place for a literal secret: credentials in URLs and unknown keys are refused', () => {
    expect(problems({ ...valid, backends: { metrics: { url: 'http://admin:pw@prometheus:9090' } } }).join('\n')).toMatch(/backends\.metrics\.url: must not carry credentials/)
    expect(problems({ ...valid, backends: { metrics: { url: 'http://p:9090', auth: { type: 'bearer', token: 'abc' } } } }).join('\n')).toMatch(/backends\.metrics\.auth/)
    expect(problems({ ...valid, backends: { metrics: { url: 'http://p:9090', auth: { type: 'bearer', tokenEnv: 'eyJhbGciOi.x.y' } } } }).join('\n')).toMatch(/NAME of an environment variable/)
    expect(problems({ ...valid, backends: { metrics: { url: 'http://p:9090', headers: { Authorization: 'Basic x' } } } }).join('\n')).toMatch(/set by the gateway itself/)
  })

  it('explains the usual mistakes field by field', () => {
    const p = problems({
      identity: { type: 'jwt', permissionsClaim: 'perms' },
      backends: { logs: { url: 'ftp://es', indexPatterns: ['_all', 'Logs'] }, traces: { kind: 'tempo', url: 'http://t' } },
      masking: { rules: [{ field: 'x', action: 'hmac' }] },
      static: { root: 'dist', frameAncestors: ["'self'; script-src *"] },
      typo: true,
    })
    const text = p.join('\n')
    expect(text).toMatch(/identity: needs exactly one of "jwksUrl", "publicKeyPem" or "secretEnv"/)
    expect(text).toMatch(/backends\.logs\.url: must use http or https/)
    expect(text).toMatch(/backends\.logs\.indexPatterns\[0\]/)
    expect(text).toMatch(/backends\.logs\.indexPatterns\[1\]/)
    expect(text).toMatch(/backends\.traces\.kind/)
    expect(text).toMatch(/masking\.hmacKeyEnv: hmac rules need/)
    expect(text).toMatch(/static\.frameAncestors\[0\]/)
    expect(text).toMatch(/typo/)
  })

  it('index patterns use the request grammar: a cluster part is its own, and the app index must pass the gateway', () => {
    const logs = (patch: Record<string, unknown>) => ({ ...valid, backends: { logs: { ...valid.backends.logs, ...patch } } })
    expect(problems(logs({ indexPatterns: ['logs-*', 'eu:logs-*', '*:audit-app'] }))).toEqual([])
    for (const bad of ['logs-*:', ':logs-*', 'a:b:c', 'logs-*,secrets', 'EU:logs-*', '<logs-{now/d}>', 'eu:_all']) {
      expect(problems(logs({ indexPatterns: [bad] })).join('\n'), bad).toMatch(/backends\.logs\.indexPatterns\[0\]/)
    }
    expect(problems(logs({ appIndexPattern: 'logs-*,-logs-old' }))).toEqual([])
    expect(problems(logs({ appIndexPattern: 'logs-*,remote:logs-*' })).join('\n')).toMatch(/backends\.logs\.appIndexPattern: would be refused/)
  })

  it('refuses a callback identity that is not a function (JSON cannot hold one)', () => {
    expect(problems({ ...valid, identity: { type: 'callback', verify: 'allowAll' } }).join('\n')).toMatch(/verify\(request\) function/)
  })

  it('createGateway throws the same readable error', () => {
    expect(() => createGateway({ ...valid, backends: {} }, { env: TEST_ENV })).toThrow(/configure at least one of metrics, traces, logs/)
  })

  it('publishes only backend kinds and same-origin URLs to the browser', () => {
    const runtime = JSON.stringify(buildRuntimeConfig(resolveGatewayConfig(valid, TEST_ENV).config))
    expect(JSON.parse(runtime)).toEqual({
      backends: {
        metrics: { url: '/api/metrics', preset: 'auto' },
        traces: { kind: 'jaeger-v3', url: '/api/traces' },
        logs: { flavour: 'opensearch', url: '/api/logs', indexPattern: 'logs-*,audit-app', mapping: 'ecs', contextFields: [] },
      },
    })
    for (const hidden of ['internal', 'TB_', 'user.id', ...Object.values(SECRETS)]) expect(runtime).not.toContain(hidden)
  })
})
