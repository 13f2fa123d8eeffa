/**
 * Test harness of the metrics views: a fake Prometheus behind the REAL client stack (axios
 * instance with an in-memory adapter → createHttpClient → createPrometheusClient → zod
 * schemas), a router with Traceboard's routes, and the Traceboard context and i18n.
 */
import { createPinia } from 'pinia'
import type { AxiosInstance } from 'axios'
import { fakeAxios, type FakeAxiosReply } from './fakeAxios'
import { flushPromises, mount, type ComponentMountingOptions } from '@vue/test-utils'
import { vi } from 'vitest'
import { defineComponent, h, type Component } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { createTraceboardI18n, I18N_KEY } from '@/i18n'
import { CONTEXT_KEY, type TraceboardContext } from '@/module/context'
import { resolveOptions, type TraceboardDataOptions } from '@/module/options'
import { buildRoutes } from '@/module/routes'
import { ROUTE } from '@/module/routeNames'
import { createBackendClients, type BackendClients } from '@/services/backends'
import { setFailureLogger } from '@/services/log'
import type { RedPreset } from '@/domain/metrics/redPresets'
import { overviewComparisonQuery, overviewFiguresQuery, sparklineQuery } from '@/domain/metricsViews/overviewQueries'
import type { TraceBackend } from '@/services/traces'

// Expected failures are part of these tests; keep the console for real surprises.
setFailureLogger(() => undefined)

export interface FakeRequest {
  method: string
  /** Path below the metrics base URL, e.g. `/api/v1/query`. */
  path: string
  params: URLSearchParams
}

export type FakeReply = FakeAxiosReply
export type Responder = (req: FakeRequest, signal: AbortSignal | undefined) => FakeReply | Promise<FakeReply>

export interface FakePrometheus {
  instance: AxiosInstance
  requests: FakeRequest[]
  /** Replace the answers from now on. */
  respond(responder: Responder): void
}

/** An axios instance whose adapter answers from `responder` (the abort signal is honoured). */
export function fakePrometheus(initial: Responder): FakePrometheus {
  let responder = initial
  const requests: FakeRequest[] = []
  const instance = fakeAxios((config, signal) => {
    const url = new URL(config.url ?? '/', 'http://fake.local')
    const params = new URLSearchParams(url.search)
    if (typeof config.data === 'string' && config.data) new URLSearchParams(config.data).forEach((v, k) => params.append(k, v))
    if (config.data instanceof URLSearchParams) config.data.forEach((v, k) => params.append(k, v))
    const req: FakeRequest = { method: (config.method ?? 'get').toUpperCase(), path: url.pathname, params }
    requests.push(req)
    return responder(req, signal)
  })
  return {
    instance,
    requests,
    respond(r) {
      responder = r
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Prometheus answers

const num = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : String(v))
export const ok = (data: unknown, extra: Record<string, unknown> = {}): FakeReply => ({ body: { status: 'success', data, ...extra } })
export const vector = (samples: { metric: Record<string, string>; value: number }[], extra: Record<string, unknown> = {}): FakeReply =>
  ok({ resultType: 'vector', result: samples.map((s) => ({ metric: s.metric, value: [1_700_000_000, num(s.value)] })) }, extra)
export const matrix = (series: { metric: Record<string, string>; values: [number, number][] }[]): FakeReply =>
  ok({ resultType: 'matrix', result: series.map((s) => ({ metric: s.metric, values: s.values.map(([t, v]) => [t, num(v)]) })) })

export interface ServiceFigures {
  rate?: number
  errorRatio?: number
  p95Ms?: number
}

export interface OverviewData {
  now: Record<string, ServiceFigures>
  day?: Record<string, ServiceFigures>
  week?: Record<string, ServiceFigures>
  /** Wire alerts as /api/v1/alerts sends them. */
  alerts?: unknown[]
  warnings?: string[]
}

/** Answers exactly the overview's queries for `preset` (anything else is a 400). */
export function overviewResponder(preset: RedPreset, data: OverviewData): Responder {
  const figuresQuery = overviewFiguresQuery(preset)
  const comparisonQuery = overviewComparisonQuery(preset)
  const spark = sparklineQuery(preset)
  const label = preset.serviceLabel
  const field = { rate: 'rate', errorRatio: 'errorRatio', p95: 'p95Ms' } as const
  const samples = (time: 'now' | 'day' | 'week') => {
    const out: { metric: Record<string, string>; value: number }[] = []
    for (const [service, f] of Object.entries(data[time] ?? {})) {
      for (const figure of ['rate', 'errorRatio', 'p95'] as const) {
        const v = f[field[figure]]
        if (v !== undefined) out.push({ metric: { [label]: service, tb_part: time === 'now' ? figure : `${figure}_${time}` }, value: v })
      }
    }
    return out
  }
  return (req) => {
    if (req.path === '/api/v1/alerts') return ok({ alerts: data.alerts ?? [] })
    const q = req.params.get('query')
    if (req.path === '/api/v1/query_range' && q === spark) {
      const start = Number(req.params.get('start'))
      const step = Number(req.params.get('step'))
      return matrix(
        Object.entries(data.now)
          .filter(([, f]) => f.rate !== undefined)
          .map(([s, f]) => ({ metric: { [label]: s }, values: [0, 1, 2].map((i): [number, number] => [start + i * step, (f.rate ?? 0) * (1 + i / 10)]) })),
      )
    }
    if (req.path === '/api/v1/query' && q === figuresQuery) return vector(samples('now'), data.warnings ? { warnings: data.warnings } : {})
    if (req.path === '/api/v1/query' && q === comparisonQuery) return vector([...samples('day'), ...samples('week')])
    // The usual-week band (offset 1…N weeks): no history here, so every card is "insufficient".
    if (req.path === '/api/v1/query' && q?.includes('"rate_w1"')) return vector([])
    return { status: 400, body: { status: 'error', errorType: 'bad_data', error: `unexpected query ${req.path} ${q ?? ''}` } }
  }
}

// ---------------------------------------------------------------------------------------------
// Mounting

export interface HarnessOptions {
  prometheus?: FakePrometheus
  /** Options besides the router (backends default to a spanmetrics Prometheus). */
  options?: Partial<TraceboardDataOptions> & { can?: () => boolean | Promise<boolean> }
  /** A fake trace backend placed in the context. */
  traces?: TraceBackend
  locale?: 'en' | 'ko'
}

export interface Harness {
  router: Router
  context: TraceboardContext
}

/** A router with Traceboard's routes and stand-ins for trace views another area provides. */
export function harness(opts: HarnessOptions = {}): Harness & { global: ComponentMountingOptions<Component>['global'] } {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => null } }] })
  const options = resolveOptions({
    router,
    backends: { metrics: { url: '/prom', preset: 'spanmetrics' } },
    ...opts.options,
    locale: opts.locale ?? 'en',
    ...(opts.prometheus ? { http: () => (opts.prometheus as FakePrometheus).instance } : {}),
  })
  router.addRoute(buildRoutes(options))
  const Stub = defineComponent({ render: () => h('p', 'stub') })
  if (!router.hasRoute(ROUTE.traces)) router.addRoute(ROUTE.root, { path: 'traces', name: ROUTE.traces, component: Stub })
  if (!router.hasRoute(ROUTE.trace)) router.addRoute(ROUTE.root, { path: 'traces/:traceId', name: ROUTE.trace, component: Stub })
  const backends: BackendClients = createBackendClients(options)
  if (opts.traces) backends.traces = opts.traces as unknown as BackendClients['traces']
  const context: TraceboardContext = { options, backends, ready: () => Promise.resolve() }
  const i18n = createTraceboardI18n(options.locale)
  return {
    router,
    context,
    global: { plugins: [router, createPinia()], provide: { [I18N_KEY as symbol]: i18n, [CONTEXT_KEY as symbol]: context }, stubs: { VChart: true, Echarts: true } },
  }
}

/** Mounts a standalone component (the grid, a card) inside the harness. */
export function mountMetrics<C extends Component>(component: C, opts: HarnessOptions & { props?: Record<string, unknown> } = {}) {
  const hx = harness(opts)
  const wrapper = mount(component, { props: opts.props, global: hx.global, attachTo: document.body } as ComponentMountingOptions<C>)
  return { wrapper, ...hx }
}

/** Mounts the routed app at `path` (views under test run through their real routes). */
export async function mountRoute(path: string, opts: HarnessOptions = {}) {
  const hx = harness(opts)
  await hx.router.push(path)
  const wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: hx.global, attachTo: document.body })
  await hx.router.isReady()
  return { wrapper, ...hx }
}

/**
 * Lets a refresh finish: the overview asks comparisons, sparklines and alerts after the frame
 * that draws the cards (a requestAnimationFrame, or 100 ms at most), so promises alone are not
 * enough. Works with fake timers (advances them) and real ones (waits a little).
 */
export async function settleRefresh(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(150)
    else await new Promise((r) => setTimeout(r, 40))
  }
  await flushPromises()
}
