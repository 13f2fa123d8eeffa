/**
 * Test harness of the traces views: small traces built with the real `buildTrace`, a fake
 * Zipkin v2 server behind the REAL client stack (axios instance with an in-memory adapter →
 * createHttpClient → the Zipkin adapter → buildTrace), a router with Traceboard's routes, pinia,
 * and the Traceboard context and i18n.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AxiosInstance } from 'axios'
import { fakeAxios, type FakeAxiosReply } from './fakeAxios'
import { mount, flushPromises, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { defineComponent, h, type Component } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { buildTrace, type RawSpan, type Trace } from '@/domain/trace'
import { createTraceboardI18n, I18N_KEY } from '@/i18n'
import { CONTEXT_KEY, type TraceboardContext } from '@/module/context'
import { resolveOptions, type TraceboardDataOptions } from '@/module/options'
import { buildRoutes } from '@/module/routes'
import { createBackendClients } from '@/services/backends'
import { setFailureLogger } from '@/services/log'

setFailureLogger(() => undefined)

// tests/support/contracts.ts builds a URL object, which jsdom's URL global breaks; a path string works in both.
const contractsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/contracts')

/** A file of ../shared/contracts as text (real upstream payloads; see its README). */
export function contractText(relative: string): string {
  return readFileSync(join(contractsDir, relative), 'utf8')
}

export function contractJson(relative: string): unknown {
  return JSON.parse(contractText(relative)) as unknown
}

/** Every trace file in ../shared/contracts/traces (dependency lists and API lists left out). */
export function traceContractFiles(): string[] {
  const out: string[] = []
  for (const dir of ['zipkin', 'jaeger', 'otlp', 'jaeger-v3']) {
    for (const f of readdirSync(join(contractsDir, 'traces', dir)).sort()) {
      if (f.startsWith('dependencies') || ['GetServices.json', 'GetOperations.json', 'FindTraceSummaries.json'].includes(f)) continue
      out.push(`traces/${dir}/${f}`)
    }
  }
  return out
}

/** A raw span under `parent` (undefined: a root), 100 µs long from t=1s unless overridden. */
export function span(spanId: string, parent?: string, overrides: Partial<RawSpan> = {}): RawSpan {
  return {
    traceId: 'aaaaaaaaaaaaaaaa',
    spanId,
    parentSpanId: parent,
    name: `op-${spanId}`,
    service: 'svc',
    startUs: 1_000_000,
    durationUs: 100,
    format: 'jaeger',
    ...overrides,
  }
}

export function traceOf(spans: RawSpan[]): Trace {
  return buildTrace(spans)
}

/**
 * A root `r` with children `a` (service a-svc, children a1 a2) and `b` (service b-svc, child b1
 * in c-svc, error): the tree the waterfall tests walk.
 *   r
 *   ├ a  (a-svc)  ├ a1  └ a2
 *   └ b  (b-svc)  └ b1 (c-svc, error)
 */
export function sampleTrace(): Trace {
  return traceOf([
    span('000000000000000f', undefined, { service: 'root-svc', name: 'GET /checkout', startUs: 1_000_000, durationUs: 1_000 }),
    span('00000000000000a0', '000000000000000f', { service: 'a-svc', startUs: 1_000_010, durationUs: 400 }),
    span('00000000000000a1', '00000000000000a0', { service: 'a-svc', startUs: 1_000_020, durationUs: 100 }),
    span('00000000000000a2', '00000000000000a0', { service: 'a-svc', startUs: 1_000_200, durationUs: 150 }),
    span('00000000000000b0', '000000000000000f', { service: 'b-svc', startUs: 1_000_450, durationUs: 500 }),
    span('00000000000000b1', '00000000000000b0', { service: 'c-svc', startUs: 1_000_500, durationUs: 420, status: 'error', attributes: { 'http.status_code': 500 } }),
  ])
}

// ---------------------------------------------------------------------------------------------
// A fake Zipkin v2 server

export interface FakeRequest {
  path: string
  params: URLSearchParams
}
export type FakeReply = FakeAxiosReply
export type Responder = (req: FakeRequest) => FakeReply | Promise<FakeReply>

export interface FakeZipkin {
  instance: AxiosInstance
  requests: FakeRequest[]
  respond(r: Responder): void
}

/** Zipkin-shaped answers from `responder`; bodies that are strings are sent as they are. */
export function fakeZipkin(initial: Responder): FakeZipkin {
  let responder = initial
  const requests: FakeRequest[] = []
  const instance = fakeAxios((config) => {
    const url = new URL(`${config.baseURL ?? ''}${config.url ?? '/'}`, 'http://fake.local')
    const req = { path: url.pathname, params: url.searchParams }
    requests.push(req)
    return responder(req)
  })
  return {
    instance,
    requests,
    respond(r) {
      responder = r
    },
  }
}

/** A Zipkin v2 span (wire format) for fake answers. */
export function zipkinSpan(id: string, parentId: string | undefined, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    traceId: '463ac35c9f6413ad48485a3953bb6124',
    id,
    ...(parentId ? { parentId } : {}),
    name: `op ${id}`,
    kind: 'SERVER',
    timestamp: 1_700_000_000_000_000,
    duration: 1_000,
    localEndpoint: { serviceName: 'gateway' },
    ...extra,
  }
}

// ---------------------------------------------------------------------------------------------
// Mounting

export interface HarnessOptions {
  zipkin?: FakeZipkin
  /** Without a trace backend unless `zipkin` is given. */
  options?: Partial<TraceboardDataOptions> & { masking?: unknown }
  locale?: 'en' | 'ko'
}

export interface Harness {
  router: Router
  context: TraceboardContext
  global: ComponentMountingOptions<Component>['global']
}

export function tracesHarness(opts: HarnessOptions = {}): Harness {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => null } }] })
  const options = resolveOptions({
    router,
    backends: opts.zipkin ? { traces: { kind: 'zipkin', url: '/zipkin' } } : {},
    ...opts.options,
    locale: opts.locale ?? 'en',
    ...(opts.zipkin ? { http: () => (opts.zipkin as FakeZipkin).instance } : {}),
  } as Parameters<typeof resolveOptions>[0])
  if (opts.options?.masking) Object.assign(options, { masking: opts.options.masking })
  router.addRoute(buildRoutes(options))
  const context: TraceboardContext = { options, backends: createBackendClients(options), ready: () => Promise.resolve() }
  return {
    router,
    context,
    global: {
      plugins: [router, createPinia()],
      provide: { [I18N_KEY as symbol]: createTraceboardI18n(options.locale), [CONTEXT_KEY as symbol]: context },
      stubs: { VChart: true, Echarts: true },
    },
  }
}

export function mountTraces<C extends Component>(component: C, props: Record<string, unknown>, opts: HarnessOptions = {}) {
  const hx = tracesHarness(opts)
  const wrapper = mount(component, { props, global: hx.global, attachTo: document.body } as unknown as ComponentMountingOptions<C>)
  return { wrapper, ...hx }
}

/** Mounts the routed app at `path`: views under test run through their real routes. */
export async function mountTracesRoute(path: string, opts: HarnessOptions = {}) {
  const hx = tracesHarness(opts)
  await hx.router.push(path)
  const wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: hx.global, attachTo: document.body })
  await hx.router.isReady()
  await settle()
  return { wrapper, ...hx }
}

/** Waits until `check` holds (navigations load lazy route components), failing after `ms`. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms: ${check.toString()}`)
    await settle(20)
  }
}

/** Lets promises, Vue updates and short timers (debounces) run. */
export async function settle(ms = 0): Promise<void> {
  await flushPromises()
  if (ms > 0) await new Promise((r) => setTimeout(r, ms))
  await flushPromises()
}
