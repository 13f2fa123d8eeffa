import * as z from 'zod/mini'
import type { AxiosInstance } from 'axios'
import { isRef, type Ref } from 'vue'
import type { RouteLocationRaw, Router } from 'vue-router'
import { formatPath } from '@/services/formatPath'
import { PRESET_IDS } from '@/domain/metrics/presetIds'
import { validateMaskingRules, type MaskingRules } from '@/domain/masking/maskingRules'

/** What a host may check before Traceboard shows something (ARCHITECTURE §4). */
export type Permission = 'metrics:read' | 'traces:read' | 'logs:read'
export type BackendKey = 'metrics' | 'traces' | 'logs'
export type Locale = 'ko' | 'en'
export type Theme = 'light' | 'dark'

// zod/mini: the same validation as zod, tree-shakable, so the host's entry chunk stays small
// (options are validated at install, before any view is loaded).
const nonEmpty = () => z.string().check(z.minLength(1, 'must not be empty'))

const url = z.string().check(
  z.minLength(1, 'must not be empty'),
  z.refine((u) => /^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(u), 'must be an http(s) URL or a path starting with /'),
)

const timeoutMs = z.optional(z.int().check(z.positive(), z.lte(600_000)))

const metricsBackend = z.object({
  url,
  /** A RED preset id, or 'auto' to detect it from the metric names Prometheus has. */
  preset: z._default(z.enum([...PRESET_IDS, 'auto']), 'auto'),
  timeoutMs,
})

const tracesBackend = z.object({
  kind: z.enum(['zipkin', 'jaeger', 'jaeger-v3']),
  url,
  timeoutMs,
})

const customLogMapping = z.object({
  timestamp: nonEmpty(),
  level: nonEmpty(),
  message: nonEmpty(),
  service: nonEmpty(),
  traceId: nonEmpty(),
  spanId: nonEmpty(),
  /** Keyword field queried for a trace id, when it differs from where it is read. */
  traceIdQueryField: z.optional(nonEmpty()),
  spanIdQueryField: z.optional(nonEmpty()),
  levelQueryField: z.optional(nonEmpty()),
  serviceQueryField: z.optional(nonEmpty()),
})

const logsBackend = z.object({
  flavour: z._default(z.enum(['elasticsearch', 'opensearch']), 'elasticsearch'),
  url,
  // Elasticsearch index names are lowercase; patterns come from config, never from users.
  indexPattern: z.string().check(z.regex(/^[a-z0-9._*,:+-]+$/, 'may hold lowercase letters, digits and . _ * , : + - only')),
  mapping: z._default(z.union([z.enum(['ecs', 'otel', 'otel-raw', 'spring-logstash']), customLogMapping]), 'ecs'),
  /** Business fields a user can search by, e.g. `customer.id`, `tenant.id`. */
  contextFields: z._default(z.array(nonEmpty()), []),
  timeoutMs,
})

const thresholdPair = z.object({
  errorRatio: z.number().check(z.gte(0), z.lte(1)),
  p95Ms: z.number().check(z.positive()),
})

const thresholds = z.object({
  warning: z._default(thresholdPair, { errorRatio: 0.01, p95Ms: 1000 }),
  critical: z._default(thresholdPair, { errorRatio: 0.05, p95Ms: 2000 }),
  perService: z._default(
    z.record(z.string(), z.partial(z.object({ warning: z.partial(thresholdPair), critical: z.partial(thresholdPair) }))),
    {},
  ),
})

/** The plain-data part of the options, validated with readable messages at install. */
const dataOptions = z.object({
  basePath: z._default(
    z.string().check(z.regex(/^\/[a-zA-Z0-9/_-]*$/, 'must start with / and hold only letters, digits, / _ -')),
    '/monitoring',
  ),
  parentRouteName: z.optional(nonEmpty()),
  backends: z.object({
    metrics: z.optional(metricsBackend),
    traces: z.optional(tracesBackend),
    logs: z.optional(logsBackend),
  }),
  thresholds: z._default(thresholds, { warning: { errorRatio: 0.01, p95Ms: 1000 }, critical: { errorRatio: 0.05, p95Ms: 2000 }, perService: {} }),
  refreshIntervalMs: z._default(z.int().check(z.gte(5_000), z.lte(3_600_000)), 30_000),
  /** The starting language; see `TraceboardOptions.locale` for following the host's. */
  locale: z._default(z.enum(['ko', 'en']), 'ko'),
  links: z._default(
    z.object({
      /** e.g. `https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))` */
      logsExplorer: z.optional(z.string()),
      traceExplorer: z.optional(z.string()),
    }),
    {},
  ),
})

export type MetricsBackendConfig = z.infer<typeof metricsBackend>
export type TracesBackendConfig = z.infer<typeof tracesBackend>
export type LogsBackendConfig = z.infer<typeof logsBackend>
export type CustomLogMapping = z.infer<typeof customLogMapping>
export type Thresholds = z.infer<typeof thresholds>
export type TraceboardDataOptions = Omit<z.input<typeof dataOptions>, 'locale'> & { locale?: Locale }

/** A place in Traceboard that may link to one of the host's own pages. */
export type HostLinkTarget = { kind: 'service'; service: string }

/** A link to a host page: an in-app route location (or path), or an http(s) URL. */
export interface HostLink {
  label: string
  to: RouteLocationRaw | string
}

export interface LinkOptions {
  /** e.g. `https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))` */
  logsExplorer?: string
  traceExplorer?: string
  /** Links out of Traceboard to the host's own pages (a service's catalogue entry…). */
  hostPage?: (target: HostLinkTarget) => HostLink | undefined
}

/** What a host passes to `createTraceboard`. */
export interface TraceboardOptions extends Omit<TraceboardDataOptions, 'locale' | 'links'> {
  links?: LinkOptions
  router: Router
  /** The host's axios instance per backend (auth headers, token refresh stay the host's). */
  http?: (backend: BackendKey) => AxiosInstance
  /** Permission check, sync or async; everything is allowed when omitted. */
  can?: (permission: Permission) => boolean | Promise<boolean>
  theme?: Ref<Theme>
  /**
   * `ko` or `en`, or a ref the host changes (its own language switch). Omitted: the host's
   * vue-i18n locale when it has one, else Korean. Any `ko-*` locale means Korean.
   */
  locale?: Locale | Ref<string>
  /**
   * Display masking of log fields, messages and span attributes. Cosmetic only: the gateway's
   * server-side masking is what keeps data from the browser (gateway/README.md).
   */
  masking?: MaskingRules
}

/** Options after validation and defaults. */
export interface ResolvedOptions extends Omit<z.output<typeof dataOptions>, 'links'> {
  links: LinkOptions
  router: Router
  http: ((backend: BackendKey) => AxiosInstance) | undefined
  can: (permission: Permission) => boolean | Promise<boolean>
  theme: Ref<Theme> | undefined
  /** A host-owned locale to follow, when one was given. */
  localeSource: Ref<string> | undefined
  masking: MaskingRules | undefined
}

export class TraceboardConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(`Traceboard: invalid options:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'TraceboardConfigError'
    this.problems = problems
  }
}

function isRouter(v: unknown): v is Router {
  return typeof v === 'object' && v !== null && typeof (v as Partial<Router>).addRoute === 'function' &&
    typeof (v as Partial<Router>).removeRoute === 'function'
}

/** Validates everything a host passed, naming each bad field; throws TraceboardConfigError. */
export function resolveOptions(input: TraceboardOptions): ResolvedOptions {
  const problems: string[] = []
  const raw: unknown = input
  if (typeof raw !== 'object' || raw === null) throw new TraceboardConfigError(['options: expected an object'])
  if (!isRouter(input.router)) problems.push('router: expected the host app\'s vue-router instance')
  if (input.http !== undefined && typeof input.http !== 'function') problems.push('http: expected a function (backend) => AxiosInstance')
  if (input.can !== undefined && typeof input.can !== 'function') problems.push('can: expected a function (permission) => boolean | Promise<boolean>')
  problems.push(...validateMaskingRules(input.masking))
  if (input.links?.hostPage !== undefined && typeof input.links.hostPage !== 'function') {
    problems.push('links.hostPage: expected a function (target) => { label, to } | undefined')
  }
  const localeSource = isRef(input.locale) ? input.locale : undefined
  const parsed = dataOptions.safeParse(localeSource ? { ...input, locale: toLocale(localeSource.value) } : input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${formatPath(issue.path)}: ${issue.message}`)
  }
  if (problems.length > 0 || !parsed.success) throw new TraceboardConfigError(problems)
  return {
    ...parsed.data,
    router: input.router,
    http: input.http,
    can: input.can ?? (() => true),
    theme: input.theme,
    localeSource,
    masking: input.masking,
    links: { ...parsed.data.links, hostPage: input.links?.hostPage },
  }
}

/** Maps any BCP 47 tag to a language Traceboard speaks: Korean for `ko*`, else English. */
export function toLocale(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}
