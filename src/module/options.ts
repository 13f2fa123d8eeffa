import type { AxiosInstance } from 'axios'
import { isRef, type Ref } from 'vue'
import type { RouteLocationRaw, Router } from 'vue-router'
import { PRESET_IDS, type PresetId } from '@/domain/metrics/presetIds'
import { LOG_MAPPING_PRESET_IDS, type LogMappingPresetId } from '@/domain/logs/logMappingPresetIds'
import type { FlatLogMapping } from '@/domain/logs/mappingPresets'
import { validateMaskingRules, type MaskingRules } from '@/domain/masking/maskingRules'
import type { HealthThresholds, ThresholdPair } from '@/domain/health/serviceHealth'
import {
  kindProblem,
  objectiveProblem,
  sloNameProblem,
  thresholdProblem,
  windowProblem,
  type SloOptions,
  type SloSpec,
} from '@/domain/slo/sloDefinition'
import {
  array,
  checked,
  finiteNumber,
  matches,
  notEmpty,
  object,
  oneOf,
  optional,
  record,
  string,
  wholeNumber,
  withDefault,
  isPlainObject,
  type Reader,
} from './optionChecks'

/** What a host may check before Traceboard shows something (ARCHITECTURE §4). */
export type Permission = 'metrics:read' | 'traces:read' | 'logs:read'
export type BackendKey = 'metrics' | 'traces' | 'logs'
export type Locale = 'ko' | 'en'
export type Theme = 'light' | 'dark'

export interface MetricsBackendConfig {
  url: string
  /** A RED preset id, or 'auto' to detect it from the metric names Prometheus has. */
  preset: PresetId | 'auto'
  timeoutMs?: number
}

export interface TracesBackendConfig {
  kind: 'zipkin' | 'jaeger' | 'jaeger-v3'
  url: string
  timeoutMs?: number
}

/** A log field mapping spelt one field each (log-mappings.md). */
export type CustomLogMapping = FlatLogMapping

export type LogMappingPreset = LogMappingPresetId

export interface LogsBackendConfig {
  flavour: 'elasticsearch' | 'opensearch'
  url: string
  indexPattern: string
  mapping: LogMappingPreset | CustomLogMapping
  /** Business fields a user can search by, e.g. `customer.id`, `tenant.id`. */
  contextFields: string[]
  timeoutMs?: number
}

export type Thresholds = HealthThresholds

/** The SLO option types live with the SLO definitions (the domain reads them too). */
export type { SloOptions, SloSpec }

/** The plain-data options as a host writes them: fields with a default may be left out. */
export interface TraceboardDataOptions {
  /** Default `/monitoring`. */
  basePath?: string
  parentRouteName?: string
  backends: {
    metrics?: Omit<MetricsBackendConfig, 'preset'> & { preset?: MetricsBackendConfig['preset'] }
    traces?: TracesBackendConfig
    logs?: Omit<LogsBackendConfig, 'flavour' | 'mapping' | 'contextFields'> & Partial<Pick<LogsBackendConfig, 'flavour' | 'mapping' | 'contextFields'>>
  }
  thresholds?: Partial<Thresholds>
  slos?: Partial<SloOptions>
  /** Default 30 s. */
  refreshIntervalMs?: number
  /** The starting language; see `TraceboardOptions.locale` for following the host's. */
  locale?: Locale
  links?: {
    /** e.g. `https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))` */
    logsExplorer?: string
    traceExplorer?: string
  }
}

/** The plain-data options after validation and defaults. */
interface ResolvedDataOptions {
  basePath: string
  parentRouteName?: string
  backends: { metrics?: MetricsBackendConfig; traces?: TracesBackendConfig; logs?: LogsBackendConfig }
  thresholds: Thresholds
  slos: SloOptions
  refreshIntervalMs: number
  locale: Locale
  links: { logsExplorer?: string; traceExplorer?: string }
}

// Hand-written readers rather than a schema library: they run at install, in the host's entry
// chunk, and the wire schemas' library then stays in the lazily loaded service layer.
const nonEmpty = string(notEmpty)

const url = string(notEmpty, matches(/^(https?:\/\/[^\s]+|\/[^\s]*)$/, 'must be an http(s) URL or a path starting with /'))

const timeoutMs = optional(wholeNumber(1, 600_000))

const metricsBackend = object<MetricsBackendConfig>({
  url,
  preset: withDefault(oneOf([...PRESET_IDS, 'auto']), () => 'auto'),
  timeoutMs,
})

const tracesBackend = object<TracesBackendConfig>({
  kind: oneOf(['zipkin', 'jaeger', 'jaeger-v3']),
  url,
  timeoutMs,
})

const customLogMapping = object<CustomLogMapping>({
  timestamp: nonEmpty,
  level: nonEmpty,
  message: nonEmpty,
  service: nonEmpty,
  traceId: nonEmpty,
  spanId: nonEmpty,
  traceIdQueryField: optional(nonEmpty),
  spanIdQueryField: optional(nonEmpty),
  levelQueryField: optional(nonEmpty),
  serviceQueryField: optional(nonEmpty),
})

const mappingPreset = oneOf<LogMappingPreset>(LOG_MAPPING_PRESET_IDS)

/** A preset id, or an object read as a custom mapping (its problems name each field). */
const logMapping: Reader<LogsBackendConfig['mapping']> = (value, at, problems) =>
  isPlainObject(value) ? customLogMapping(value, at, problems) : mappingPreset(value, at, problems)

const logsBackend = object<LogsBackendConfig>({
  flavour: withDefault(oneOf(['elasticsearch', 'opensearch']), () => 'elasticsearch'),
  url,
  // Elasticsearch index names are lowercase; patterns come from config, never from users.
  indexPattern: string(matches(/^[a-z0-9._*,:+-]+$/, 'may hold lowercase letters, digits and . _ * , : + - only')),
  mapping: withDefault(logMapping, () => 'ecs'),
  contextFields: withDefault(array(nonEmpty), () => []),
  timeoutMs,
})

const errorRatio = finiteNumber((n) => n >= 0 && n <= 1, 'from 0 to 1')
const p95Ms = finiteNumber((n) => n > 0, 'above 0')
const thresholdPair = object<ThresholdPair>({ errorRatio, p95Ms })
const partialPair = optional(object<Partial<ThresholdPair>>({ errorRatio: optional(errorRatio), p95Ms: optional(p95Ms) }))

const defaultWarning = (): ThresholdPair => ({ errorRatio: 0.01, p95Ms: 1000 })
const defaultCritical = (): ThresholdPair => ({ errorRatio: 0.05, p95Ms: 2000 })

const thresholds = object<Thresholds>({
  warning: withDefault(thresholdPair, defaultWarning),
  critical: withDefault(thresholdPair, defaultCritical),
  perService: withDefault(record(object({ warning: partialPair, critical: partialPair })), () => ({})),
})

const sloSpecFields = object<SloSpec>({
  kind: checked(kindProblem),
  objective: checked(objectiveProblem),
  window: checked(windowProblem),
  thresholdMs: optional(checked(thresholdProblem)),
  operation: optional(nonEmpty),
  name: optional(checked(sloNameProblem)),
})

/** The fields, then the rule across them: a threshold for latency SLOs and for them only. */
const sloSpec: Reader<SloSpec> = (value, at, problems) => {
  const spec = sloSpecFields(value, at, problems)
  if (!isPlainObject(value)) return spec
  if (value.kind === 'latency' && value.thresholdMs === undefined) {
    problems.push(`${at}.thresholdMs: Invalid input: a latency SLO needs a threshold in milliseconds (a histogram bucket bound)`)
  } else if (value.kind === 'availability' && value.thresholdMs !== undefined) {
    problems.push(`${at}.thresholdMs: Invalid input: only latency SLOs take a threshold`)
  }
  return spec
}

const slos = object<SloOptions>({
  defaults: withDefault(array(sloSpec), () => []),
  services: withDefault(record(array(sloSpec)), () => ({})),
})

const dataOptions = object<ResolvedDataOptions>({
  basePath: withDefault(string(matches(/^\/[a-zA-Z0-9/_-]*$/, 'must start with / and hold only letters, digits, / _ -')), () => '/monitoring'),
  parentRouteName: optional(nonEmpty),
  backends: object({
    metrics: optional(metricsBackend),
    traces: optional(tracesBackend),
    logs: optional(logsBackend),
  }),
  thresholds: withDefault(thresholds, () => ({ warning: defaultWarning(), critical: defaultCritical(), perService: {} })),
  slos: withDefault(slos, () => ({ defaults: [], services: {} })),
  refreshIntervalMs: withDefault(wholeNumber(5_000, 3_600_000), () => 30_000),
  locale: withDefault(oneOf<Locale>(['ko', 'en']), () => 'ko'),
  links: withDefault(object({ logsExplorer: optional(string()), traceExplorer: optional(string()) }), () => ({})),
})

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

/** What a `traceHeaders` callback is asked, once per trace request. */
export interface TraceHeadersRequest {
  traceId: string
  /** `retry` after the worker's request was refused with 401: refresh the token, then answer. */
  reason: 'first' | 'retry'
}

/** Headers for a trace request the worker sends itself, e.g. `{ Authorization: 'Bearer …' }`. */
export type TraceHeadersCallback = (request: TraceHeadersRequest) => Record<string, string> | Promise<Record<string, string>>

/** What a host passes to `createTraceboard`. */
export interface TraceboardOptions extends Omit<TraceboardDataOptions, 'locale' | 'links'> {
  links?: LinkOptions
  router: Router
  /** The host's axios instance per backend (auth headers, token refresh stay the host's). */
  http?: (backend: BackendKey) => AxiosInstance
  /**
   * With `http`: keeps trace loading in the worker (read while it downloads) instead of the
   * host's axios on the main thread. Asked on the main thread for each trace request; its
   * headers go with the worker's fetch. Without it a host axios does the trace requests.
   */
  traceHeaders?: TraceHeadersCallback
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
export interface ResolvedOptions extends Omit<ResolvedDataOptions, 'links'> {
  links: LinkOptions
  router: Router
  http: ((backend: BackendKey) => AxiosInstance) | undefined
  traceHeaders: TraceHeadersCallback | undefined
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
  if (input.traceHeaders !== undefined && typeof input.traceHeaders !== 'function') {
    problems.push('traceHeaders: expected a function ({ traceId, reason }) => headers | Promise<headers>')
  }
  if (input.can !== undefined && typeof input.can !== 'function') problems.push('can: expected a function (permission) => boolean | Promise<boolean>')
  problems.push(...validateMaskingRules(input.masking))
  if (input.links?.hostPage !== undefined && typeof input.links.hostPage !== 'function') {
    problems.push('links.hostPage: expected a function (target) => { label, to } | undefined')
  }
  const localeSource = isRef(input.locale) ? input.locale : undefined
  const data = dataOptions(localeSource ? { ...input, locale: toLocale(localeSource.value) } : input, '', problems)
  if (problems.length > 0) throw new TraceboardConfigError(problems)
  return {
    ...data,
    router: input.router,
    http: input.http,
    traceHeaders: input.traceHeaders,
    can: input.can ?? (() => true),
    theme: input.theme,
    localeSource,
    masking: input.masking,
    links: { ...data.links, hostPage: input.links?.hostPage },
  }
}

/** Maps any BCP 47 tag to a language Traceboard speaks: Korean for `ko*`, else English. */
export function toLocale(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('ko') ? 'ko' : 'en'
}
