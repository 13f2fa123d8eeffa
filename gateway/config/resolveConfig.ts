import {
  gatewayConfigSchema,
  type BackendKey,
  type GatewayConfig,
  type UpstreamAuth,
  type UpstreamConfig,
} from './configSchema'

export type Env = Readonly<Record<string, string | undefined>>

/** An upstream with its credentials read from the environment, ready to proxy to. */
export interface ResolvedUpstream {
  key: BackendKey
  /** `scheme://host:port`, fixed by config: the only place requests for this backend go. */
  origin: string
  /** Path prefix of the upstream URL without trailing slash (Mimir's `/prometheus`), or ''. */
  basePath: string
  /** Static headers plus the credential header(s), added server-side to every request. */
  headers: Readonly<Record<string, string>>
  userHeader: string | undefined
  timeoutMs: number
  maxResponseBytes: number
}

export interface ResolvedGatewayConfig {
  config: GatewayConfig
  upstreams: Partial<Record<BackendKey, ResolvedUpstream>>
  hmacKey: string | undefined
  jwtSecret: string | undefined
  /** Every secret value, so responses and log lines can be checked against them. */
  secrets: readonly string[]
}

/** Invalid gateway configuration; `problems` holds one readable line per bad field. */
export class GatewayConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`Traceboard gateway: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'GatewayConfigError'
    this.problems = problems
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')
}

/**
 * Validates a gateway config (parsed JSON or a programmatic object) and reads every secret it
 * names from `env`. Throws `GatewayConfigError` listing every problem at once.
 */
export function resolveGatewayConfig(input: unknown, env: Env): ResolvedGatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(input)
  if (!parsed.success) {
    throw new GatewayConfigError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`))
  }
  const config = parsed.data
  const problems: string[] = []
  const secrets: string[] = []

  function secret(name: string, where: string): string {
    const value = env[name]
    if (value === undefined || value === '') {
      problems.push(`${where}: environment variable ${name} is not set`)
      return ''
    }
    if (/[\r\n\0]/.test(value)) problems.push(`${where}: environment variable ${name} holds a line break or NUL`)
    secrets.push(value)
    return value
  }

  function authHeaders(a: UpstreamAuth, where: string): Record<string, string> {
    switch (a.type) {
      case 'none':
        return {}
      case 'basic': {
        const user = secret(a.usernameEnv, `${where}.usernameEnv`)
        const password = secret(a.passwordEnv, `${where}.passwordEnv`)
        const encoded = Buffer.from(`${user}:${password}`).toString('base64')
        secrets.push(encoded)
        return { authorization: `Basic ${encoded}` }
      }
      case 'bearer':
        return { authorization: `Bearer ${secret(a.tokenEnv, `${where}.tokenEnv`)}` }
      case 'apiKey':
        return { authorization: `ApiKey ${secret(a.keyEnv, `${where}.keyEnv`)}` }
      case 'header':
        return { [a.name.toLowerCase()]: secret(a.valueEnv, `${where}.valueEnv`) }
    }
  }

  function upstream(key: BackendKey, c: UpstreamConfig | undefined): ResolvedUpstream | undefined {
    if (!c) return undefined
    const url = new URL(c.url)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(c.headers)) headers[name.toLowerCase()] = value
    Object.assign(headers, authHeaders(c.auth, `backends.${key}.auth`))
    return {
      key,
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      headers,
      userHeader: c.userHeader?.toLowerCase(),
      timeoutMs: c.timeoutMs,
      maxResponseBytes: c.maxResponseBytes,
    }
  }

  const upstreams: Partial<Record<BackendKey, ResolvedUpstream>> = {}
  for (const key of ['metrics', 'traces', 'logs'] as const) {
    const u = upstream(key, config.backends[key])
    if (u) upstreams[key] = u
  }
  const hmacKey = config.masking.hmacKeyEnv === undefined ? undefined : secret(config.masking.hmacKeyEnv, 'masking.hmacKeyEnv')
  const jwtSecret =
    config.identity.type === 'jwt' && config.identity.secretEnv !== undefined
      ? secret(config.identity.secretEnv, 'identity.secretEnv')
      : undefined

  if (problems.length > 0) throw new GatewayConfigError(problems)
  return { config, upstreams, hmacKey, jwtSecret, secrets: [...new Set(secrets)] }
}
