import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import { checkIndexExpression } from '../policy/logRoutes'
import { parseIndexTarget } from '../policy/indexTargets'

/** Permissions the gateway enforces, one per backend (the same names the UI's `can` uses). */
export type Permission = 'metrics:read' | 'traces:read' | 'logs:read'
export const PERMISSIONS: readonly Permission[] = ['metrics:read', 'traces:read', 'logs:read']

/** Who is asking: produced by the identity check, used for permissions, rate limit and log. */
export interface Identity {
  user: string
  permissions: readonly Permission[]
}

/**
 * The host's own session check, for embedding the gateway in the host's Node server.
 * Return `undefined` when there is no valid session (the gateway answers 401); throw when the
 * check itself cannot run (the gateway answers 503).
 */
export type VerifyIdentity = (request: FastifyRequest) => Identity | undefined | Promise<Identity | undefined>

// Secrets are never values in the config file, only the NAME of the environment variable that
// holds them: the config can be committed, the environment cannot.
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the NAME of an environment variable (letters, digits, _), not a secret value')

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name (letters, digits, -)')

/** Headers the gateway owns; a config may not set them as plain or secret headers. */
const RESERVED_HEADERS = new Set([
  'authorization', 'cookie', 'host', 'content-length', 'content-type', 'transfer-encoding', 'connection',
  'accept-encoding', 'proxy-authorization', 'upgrade', 'te', 'trailer', 'keep-alive',
])

const customHeaderName = headerName.refine((h) => !RESERVED_HEADERS.has(h.toLowerCase()), 'is set by the gateway itself')

const auth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('basic'), usernameEnv: envName, passwordEnv: envName }),
  z.strictObject({ type: z.literal('bearer'), tokenEnv: envName }),
  /** Elasticsearch/OpenSearch API key: `Authorization: ApiKey <encoded>`. */
  z.strictObject({ type: z.literal('apiKey'), keyEnv: envName }),
  /** Any other secret header, e.g. `X-Api-Key`. */
  z.strictObject({ type: z.literal('header'), name: customHeaderName, valueEnv: envName }),
])

const upstreamUrl = z.string().superRefine((value, ctx) => {
  let u: URL
  try {
    u = new URL(value)
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' })
    return
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use http or https' })
  if (u.username || u.password) {
    ctx.addIssue({ code: 'custom', message: 'must not carry credentials; use "auth" with environment variables' })
  }
  if (u.search || u.hash) ctx.addIssue({ code: 'custom', message: 'must not have a query string or fragment' })
})

const upstreamCommon = {
  url: upstreamUrl,
  auth: auth.default({ type: 'none' }),
  /** Plain, non-secret headers sent upstream (e.g. Mimir's `X-Scope-OrgID`). */
  headers: z
    .record(z.string(), z.string().regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII'))
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        const r = customHeaderName.safeParse(name)
        if (!r.success) ctx.addIssue({ code: 'custom', path: [name], message: r.error.issues[0]?.message ?? 'invalid header name' })
      }
    })
    .default({}),
  /** Sends the verified user name in this header (e.g. `es-security-runas-user` for run-as). */
  userHeader: customHeaderName.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Bigger upstream answers become 502 "response too large"; this bounds gateway memory. */
  maxResponseBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(64 * 1024 * 1024),
}

// One index/alias/data-stream pattern, optionally `cluster:` prefixed, in the same grammar the
// requests are checked against (a leading `_` or `-` can never address an API or be an exclusion).
const indexPattern = z
  .string()
  .refine((p) => parseIndexTarget(p) !== undefined, 'must be one lowercase index pattern such as "logs-*" or "eu:logs-*" (letters, digits, - _ . + *; no leading _ or -)')

const metrics = z.strictObject({ ...upstreamCommon })

const traces = z.strictObject({
  ...upstreamCommon,
  kind: z.enum(['zipkin', 'jaeger', 'jaeger-v3']),
})

const logs = z.strictObject({
  ...upstreamCommon,
  flavour: z.enum(['elasticsearch', 'opensearch']).default('elasticsearch'),
  /** The ONLY indices the browser may search; each request target must fall inside one. */
  indexPatterns: z.array(indexPattern).min(1, 'needs at least one allowed index pattern'),
  /** What the app is told to search (default: all allowed patterns, comma-joined). */
  appIndexPattern: z.string().optional(),
  /** Upper bound for `size` in a search body. */
  maxSize: z.number().int().min(1).max(10_000).default(1000),
  /** Fields nobody may read or query through the gateway (dropped from every hit too). */
  forbiddenFields: z.array(z.string().min(1)).default([]),
  /** Allow `GET /<index>/_mapping` (field names only) for the app's mapping detection. */
  allowMapping: z.boolean().default(true),
  /** Longest point-in-time keep-alive a browser may ask for. */
  maxPitKeepAliveS: z.number().int().min(1).max(3600).default(300),
}).superRefine((logs, ctx) => {
  // An app told to search what the gateway refuses would fail on every search.
  const problem = logs.appIndexPattern === undefined ? undefined : checkIndexExpression(logs.appIndexPattern, logs.indexPatterns)
  if (problem) ctx.addIssue({ code: 'custom', path: ['appIndexPattern'], message: `would be refused by the gateway: ${problem}` })
})

const maskingScope = z.array(z.enum(['logs', 'traces'])).min(1).default(['logs', 'traces'])
const maskField = z.string().min(1).regex(/^[^\s]+$/, 'must be a field name or a * glob without spaces')

const maskingRule = z.discriminatedUnion('action', [
  z.strictObject({ field: maskField, action: z.literal('drop'), scope: maskingScope }),
  z.strictObject({ field: maskField, action: z.literal('mask'), keepLast: z.number().int().min(0).max(16).default(0), scope: maskingScope }),
  z.strictObject({ field: maskField, action: z.literal('truncate'), length: z.number().int().min(0).max(1_000_000), scope: maskingScope }),
  z.strictObject({ field: maskField, action: z.literal('hmac'), scope: maskingScope }),
])

const masking = z
  .strictObject({
    /** Environment variable holding the HMAC key (needed by `hmac` rules). */
    hmacKeyEnv: envName.optional(),
    rules: z.array(maskingRule).default([]),
  })
  .refine((m) => m.hmacKeyEnv !== undefined || !m.rules.some((r) => r.action === 'hmac'), {
    message: 'hmac rules need "hmacKeyEnv" (the environment variable holding the key)',
    path: ['hmacKeyEnv'],
  })

const jwtIdentity = z
  .strictObject({
    type: z.literal('jwt'),
    jwksUrl: upstreamUrl.optional(),
    publicKeyPem: z.string().includes('-----BEGIN', { message: 'must be a PEM public key' }).optional(),
    /** Environment variable holding an HMAC secret (HS256/384/512). */
    secretEnv: envName.optional(),
    issuer: z.string().min(1).optional(),
    audience: z.string().min(1).optional(),
    /** Where the token is read from: `Authorization: Bearer` (default) or this cookie. */
    cookie: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).optional(),
    /** Dot path of the claim holding permissions (array or space-separated string). */
    permissionsClaim: z.string().min(1).default('permissions'),
    /** Maps claim values (e.g. roles) to permissions; without it, values must be permission names. */
    permissionMap: z.record(z.string(), z.array(z.enum(['metrics:read', 'traces:read', 'logs:read']))).optional(),
    userClaim: z.string().min(1).default('sub'),
    clockToleranceS: z.number().int().min(0).max(300).default(30),
  })
  .refine((j) => [j.jwksUrl, j.publicKeyPem, j.secretEnv].filter((k) => k !== undefined).length === 1, {
    message: 'needs exactly one of "jwksUrl", "publicKeyPem" or "secretEnv"',
  })

const callbackIdentity = z.strictObject({
  type: z.literal('callback'),
  verify: z.custom<VerifyIdentity>((v) => typeof v === 'function', {
    message: 'a "callback" identity needs a verify(request) function (programmatic use only; JSON cannot hold one)',
  }),
})

const cspSource = z
  .string()
  .regex(/^(?:'self'|'none'|https?:\/\/(?:\*\.)?[a-zA-Z0-9.-]+(?::\d{1,5})?)$/, `must be 'self', 'none' or an http(s) origin`)

export const gatewayConfigSchema = z.strictObject({
  listen: z.strictObject({ host: z.string().min(1).default('127.0.0.1'), port: z.number().int().min(0).max(65535).default(8080) })
    .default({ host: '127.0.0.1', port: 8080 }),
  identity: z.discriminatedUnion('type', [jwtIdentity, callbackIdentity]),
  backends: z
    .strictObject({ metrics: metrics.optional(), traces: traces.optional(), logs: logs.optional() })
    .refine((b) => b.metrics || b.traces || b.logs, 'configure at least one of metrics, traces, logs'),
  masking: masking.default({ rules: [] }),
  rateLimit: z.strictObject({
    max: z.number().int().min(1).default(600),
    timeWindowMs: z.number().int().min(1000).default(60_000),
  }).default({ max: 600, timeWindowMs: 60_000 }),
  /** Largest request body the gateway reads (search bodies, long PromQL). */
  requestBodyLimitBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /** Serves the built app from this directory (omit when the host serves it). */
  static: z
    .strictObject({
      root: z.string().min(1),
      /** CSP `frame-ancestors`: who may embed the app in a frame. */
      frameAncestors: z.array(cspSource).min(1).default([`'self'`]),
    })
    .optional(),
  /** Published to the browser in /traceboard.config.json (public by definition: no secrets). */
  app: z
    .strictObject({
      basePath: z.string().regex(/^\/[a-zA-Z0-9/_-]*$/).optional(),
      locale: z.enum(['ko', 'en']).optional(),
      refreshIntervalMs: z.number().int().min(5000).optional(),
      metricsPreset: z.string().min(1).optional(),
      logsMapping: z.enum(['ecs', 'otel', 'spring-logstash']).optional(),
      contextFields: z.array(z.string().min(1)).optional(),
    })
    .default({}),
  /** JSON access log lines on stdout (or the sink given to createGateway). */
  accessLog: z.boolean().default(true),
})

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>
export type GatewayConfig = z.output<typeof gatewayConfigSchema>
export type UpstreamAuth = z.output<typeof auth>
export type MetricsUpstreamConfig = z.output<typeof metrics>
export type TracesUpstreamConfig = z.output<typeof traces>
export type LogsUpstreamConfig = z.output<typeof logs>
export type MaskingRule = z.output<typeof maskingRule>
export type JwtIdentityConfig = z.output<typeof jwtIdentity>
export type BackendKey = 'metrics' | 'traces' | 'logs'
export type UpstreamConfig = MetricsUpstreamConfig | TracesUpstreamConfig | LogsUpstreamConfig
