import { z } from 'zod'
import type { AxiosInstance } from 'axios'
import { isRef, type Ref } from 'vue'
import type { Router } from 'vue-router'
import { formatPath } from '@/services/http'
import { PRESET_IDS } from '@/domain/metrics/redPresets'

/** What a host may check before Traceboard shows something (ARCHITECTURE §4). */
export type Permission = 'metrics:read' | 'traces:read' | 'logs:read'
export type BackendKey = 'metrics' | 'traces' | 'logs'
export type Locale = 'ko' | 'en'
export type Theme = 'light' | 'dark'

const url = z
  .string()
  .min(1, 'must not be empty')
  .refine((u) => /^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(u), 'must be an http(s) URL or a path starting with /')

const timeoutMs = z.number().int().positive().max(600_000).optional()

const metricsBackend = z.object({
  url,
  /** A RED preset id, or 'auto' to detect it from the metric names Prometheus has. */
  preset: z.enum([...PRESET_IDS, 'auto']).default('auto'),
  timeoutMs,
})

const tracesBackend = z.object({
  kind: z.enum(['zipkin', 'jaeger', 'jaeger-v3']),
  url,
  timeoutMs,
})

const customLogMapping = z.object({
  timestamp: z.string().min(1),
  level: z.string().min(1),
  message: z.string().min(1),
  service: z.string().min(1),
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  /** Keyword field queried for a trace id, when it differs from where it is read. */
  traceIdQueryField: z.string().min(1).optional(),
  spanIdQueryField: z.string().min(1).optional(),
  levelQueryField: z.string().min(1).optional(),
  serviceQueryField: z.string().min(1).optional(),
})

const logsBackend = z.object({
  flavour: z.enum(['elasticsearch', 'opensearch']).default('elasticsearch'),
  url,
  indexPattern: z
    .string()
    // Elasticsearch index names are lowercase; patterns come from config, never from users.
    .regex(/^[a-z0-9._*,:+-]+$/, 'may hold lowercase letters, digits and . _ * , : + - only'),
  mapping: z.union([z.enum(['ecs', 'otel', 'otel-raw', 'spring-logstash']), customLogMapping]).default('ecs'),
  /** Business fields a user can search by, e.g. `customer.id`, `tenant.id`. */
  contextFields: z.array(z.string().min(1)).default([]),
  timeoutMs,
})

const thresholdPair = z.object({
  errorRatio: z.number().min(0).max(1),
  p95Ms: z.number().positive(),
})

const thresholds = z.object({
  warning: thresholdPair.default({ errorRatio: 0.01, p95Ms: 1000 }),
  critical: thresholdPair.default({ errorRatio: 0.05, p95Ms: 2000 }),
  perService: z.record(z.string(), z.object({ warning: thresholdPair.partial(), critical: thresholdPair.partial() }).partial()).default({}),
})

/** The plain-data part of the options, validated with readable messages at install. */
const dataOptions = z.object({
  basePath: z
    .string()
    .regex(/^\/[a-zA-Z0-9/_-]*$/, 'must start with / and hold only letters, digits, / _ -')
    .default('/monitoring'),
  parentRouteName: z.string().min(1).optional(),
  backends: z.object({
    metrics: metricsBackend.optional(),
    traces: tracesBackend.optional(),
    logs: logsBackend.optional(),
  }),
  thresholds: thresholds.default({ warning: { errorRatio: 0.01, p95Ms: 1000 }, critical: { errorRatio: 0.05, p95Ms: 2000 }, perService: {} }),
  refreshIntervalMs: z.number().int().min(5_000).max(3_600_000).default(30_000),
  /** The starting language; see `TraceboardOptions.locale` for following the host's. */
  locale: z.enum(['ko', 'en']).default('ko'),
  links: z
    .object({
      /** e.g. `https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))` */
      logsExplorer: z.string().optional(),
      traceExplorer: z.string().optional(),
    })
    .default({}),
})

export type MetricsBackendConfig = z.infer<typeof metricsBackend>
export type TracesBackendConfig = z.infer<typeof tracesBackend>
export type LogsBackendConfig = z.infer<typeof logsBackend>
export type CustomLogMapping = z.infer<typeof customLogMapping>
export type Thresholds = z.infer<typeof thresholds>
export type TraceboardDataOptions = Omit<z.input<typeof dataOptions>, 'locale'> & { locale?: Locale }

/** What a host passes to `createTraceboard`. */
export interface TraceboardOptions extends Omit<TraceboardDataOptions, 'locale'> {
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
}

/** Options after validation and defaults. */
export interface ResolvedOptions extends z.output<typeof dataOptions> {
  router: Router
  http: ((backend: BackendKey) => AxiosInstance) | undefined
  can: (permission: Permission) => boolean | Promise<boolean>
  theme: Ref<Theme> | undefined
  /** A host-owned locale to follow, when one was given. */
  localeSource: Ref<string> | undefined
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
  }
}

/** Maps any BCP 47 tag to a language Traceboard speaks: Korean for `ko*`, else English. */
export function toLocale(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}
