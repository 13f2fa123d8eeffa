import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { expect, vi } from 'vitest'
import { createPinia } from 'pinia'
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { useTraceboardContext } from '@/module/context'
import { createTraceboard } from '@/module/createTraceboard'
import type { Locale, Permission, TraceboardDataOptions } from '@/module/options'
import { ROUTE } from '@/module/routeNames'
import { setFailureLogger } from '@/services/log'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { searchResponse as buildSearchResponse, type ResponseOptions } from '../services/logs/support/searchResponses'

// contracts.ts builds its path with `new URL(...)`, which under jsdom is jsdom's URL class and
// is refused by node's fileURLToPath; a string URL works in both environments.
const contractsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/contracts')

function readContract(relative: string): unknown {
  return JSON.parse(readFileSync(join(contractsDir, relative), 'utf8')) as unknown
}

/** One request as the fake Elasticsearch transport saw it. */
export interface SeenEsRequest {
  method: string
  url: string
  body: Record<string, unknown> | undefined
}

export interface EsReply {
  status?: number
  /** JSON-encoded unless a string. */
  body: unknown
  headers?: Record<string, string>
}

export type EsHandler = (req: SeenEsRequest) => EsReply | Promise<EsReply>

/**
 * An axios instance whose transport is a function: the real Traceboard install, HTTP client,
 * Elasticsearch backend and error normalisation run; only the network is replaced. It honours
 * abort signals like the real adapters do.
 */
export function fakeEsTransport(): {
  requests: SeenEsRequest[]
  reply(h: EsHandler | EsReply): void
  /** Answers point-in-time openings (`_pit`); by default refused as a store without PIT does. */
  replyPit(h: EsHandler | EsReply): void
  instance: ReturnType<typeof axios.create>
} {
  const requests: SeenEsRequest[] = []
  let handler: EsHandler = () => ({ body: searchResponse([]) })
  let pitHandler: EsHandler = () => PIT_REFUSED

  const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined
      const cancel = (): void => reject(new axios.CanceledError(undefined, config))
      if (signal?.aborted) return cancel()
      signal?.addEventListener?.('abort', cancel, { once: true })
      const raw = typeof config.data === 'string' && config.data !== '' ? (JSON.parse(config.data) as unknown) : undefined
      const seen: SeenEsRequest = {
        method: (config.method ?? 'get').toUpperCase(),
        url: `${config.baseURL ?? ''}${config.url ?? ''}`,
        body: typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined,
      }
      requests.push(seen)
      void Promise.resolve((isPitOpening(seen.url) ? pitHandler : handler)(seen)).then((r) => {
        const response: AxiosResponse = {
          data: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
          status: r.status ?? 200,
          statusText: String(r.status ?? 200),
          headers: new AxiosHeaders(r.headers ?? { 'content-type': 'application/json' }),
          config,
        }
        if (response.status >= 400) reject(new AxiosError(`status ${response.status}`, 'ERR_BAD_RESPONSE', config, undefined, response))
        else resolve(response)
      })
    })

  return {
    requests,
    reply(h) {
      handler = typeof h === 'function' ? h : () => h
    },
    replyPit(h) {
      pitHandler = typeof h === 'function' ? h : () => h
    },
    instance: axios.create({ adapter }),
  }
}

const isPitOpening = (url: string): boolean => /\/(_pit|_search\/point_in_time)(\?|$)/.test(url)

/** What a store without point-in-time (or a user without the privilege) answers: the log panel then pages by plain search_after. */
export const PIT_REFUSED: EsReply = {
  status: 400,
  body: { error: { root_cause: [{ type: 'illegal_argument_exception', reason: 'no handler found for uri [/logs-*/_pit]' }], type: 'illegal_argument_exception', reason: 'no handler found for uri [/logs-*/_pit]' }, status: 400 },
}

/** An Elasticsearch `_source` per mapping mode, from shared/contracts/logs. */
export function contractDoc(mode: 'ecs' | 'otel' | 'raw'): Record<string, unknown> {
  const file = mode === 'ecs' ? 'logs/doc-ecs.json' : mode === 'otel' ? 'logs/doc-otel.json' : 'logs/doc-raw-otel-none.json'
  return readContract(file) as Record<string, unknown>
}

export const TRACE_ID = '0102030405060708090a0b0c0d0e0f10'
export const SPAN_ID = '0102030405060708'

/** ECS documents of one trace, built on the contract document (level, message, time varied). */
export function ecsDocs(n: number, make: (i: number) => Partial<{ level: string; message: string; service: string; spanId: string }> = () => ({})): Record<string, unknown>[] {
  const base = contractDoc('ecs')
  return Array.from({ length: n }, (_, i) => {
    const o = make(i)
    return {
      ...base,
      '@timestamp': new Date(Date.UTC(2024, 2, 12, 20, 0, 41, i)).toISOString(),
      log: { level: o.level ?? (i % 5 === 0 ? 'ERROR' : 'INFO') },
      message: o.message ?? `step ${i} done`,
      service: { name: o.service ?? 'auth-service' },
      span: { id: o.spanId ?? SPAN_ID },
    }
  })
}

export type SearchResponseOptions = Omit<ResponseOptions, 'firstSort'>

/** A realistic ES 8 `_search` answer (the services' test builder), pages numbered by `offset`. */
export function searchResponse(sources: Record<string, unknown>[], o: SearchResponseOptions = {}): Record<string, unknown> {
  return buildSearchResponse(sources, { ...o, firstSort: 1710273641000 + (o.offset ?? 0) })
}

export interface HarnessOptions {
  /** `null`: logs not configured at all. Defaults to `/api/logs`, `logs-*`, ecs. */
  logs?: NonNullable<TraceboardDataOptions['backends']['logs']> | null
  links?: TraceboardDataOptions['links']
  can?: (p: Permission) => boolean | Promise<boolean>
  locale?: Locale
  /** Whether the trace page route exists (default true, as a blank stand-in). */
  traceRoute?: boolean
  /** How the fake store answers point-in-time openings (default: refused, see `PIT_REFUSED`). */
  pit?: EsHandler | EsReply
}

export interface Harness {
  router: Router
  es: ReturnType<typeof fakeEsTransport>
}

const Blank = defineComponent({ name: 'BlankPage', render: () => h('div', { 'data-testid': 'trace-page' }) })

let layoutStubbed = false

/**
 * jsdom has no layout: every box is 0×0, so a virtual list would render no row at all. Give
 * log lists the height their CSS asks for (420 px by default) and each row 29 px, so the
 * virtualiser behaves as in a browser: a screenful of rows, the rest left out of the DOM.
 */
export function stubListLayout(): void {
  if (layoutStubbed) return
  layoutStubbed = true
  const listSize = (el: HTMLElement, axis: 'height' | 'width'): number =>
    axis === 'width' ? 1000 : Number.parseFloat(el.style.height) || 420
  for (const [prop, axis] of [['clientHeight', 'height'], ['clientWidth', 'width']] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement): number {
        return this.classList.contains('tb-log-list') ? listSize(this, axis) : 0
      },
    })
  }
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.dataset.index === undefined) return 0
      return this.querySelector('[data-testid="log-detail"]') ? 300 : 29
    },
  })
}

/** Creates a router and installs Traceboard into it the way a host does, with a fake ES transport. */
function setup(o: HarnessOptions): Harness & { plugins: unknown[] } {
  setFailureLogger(() => {})
  stubListLayout()
  const es = fakeEsTransport()
  if (o.pit) es.replyPit(o.pit)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: Blank }] })
  const logs = o.logs === null ? undefined : (o.logs ?? { url: '/api/logs', indexPattern: 'logs-*', mapping: 'ecs' })
  const traceboard = createTraceboard({
    router,
    backends: logs ? { logs } : {},
    links: o.links,
    locale: o.locale ?? 'en',
    can: o.can,
    http: () => es.instance,
  })
  return { router, es, plugins: [createPinia(), router, traceboard] }
}

/**
 * The trace page as these tests need it: a blank stand-in under the real name and path (the
 * traces views are another area's and may not be finished), or none at all.
 */
function addTraceRoute(router: Router, wanted: boolean | undefined): void {
  if (router.hasRoute(ROUTE.trace)) router.removeRoute(ROUTE.trace)
  if (wanted !== false) router.addRoute(ROUTE.root, { path: 'traces/:traceId', name: ROUTE.trace, component: Blank })
}

/**
 * Renders `component` once Traceboard's service layer is loaded, as the public wrappers and
 * the routes do (`context.ready()`, when the context has one); props pass through as attrs.
 */
function whenReady(component: Component): Component {
  return defineComponent({
    name: 'ReadyHost',
    inheritAttrs: false,
    setup(_props, { attrs }) {
      const context: { ready?: () => Promise<void> } = useTraceboardContext()
      const inner = defineAsyncComponent(async () => {
        await context.ready?.()
        return component
      })
      return () => h(inner, attrs)
    },
  })
}

/** Mounts a component (the log panel) inside an app that installed Traceboard. */
export async function mountInTraceboard(
  component: Component,
  props: Record<string, unknown>,
  o: HarnessOptions = {},
): Promise<Harness & { wrapper: VueWrapper }> {
  const { router, es, plugins } = setup(o)
  const wrapper = mount(whenReady(component), { props, global: { plugins: plugins as never[] }, attachTo: document.body })
  addTraceRoute(router, o.traceRoute)
  await router.push('/')
  await router.isReady()
  // The first test of a file also waits for the service layer's chunk to be transformed.
  await vi.waitFor(() => expect(wrapper.findComponent(component).exists()).toBe(true), { timeout: 20_000, interval: 5 })
  await settle()
  return { router, es, wrapper }
}

/** Mounts the whole app at `url` (e.g. `/monitoring/logs?traceId=…`), routes and guards included. */
export async function mountAt(url: string, o: HarnessOptions = {}): Promise<Harness & { wrapper: VueWrapper }> {
  const { router, es, plugins } = setup(o)
  const App = defineComponent({ name: 'HostApp', render: () => h(RouterView) })
  const wrapper = mount(App, { global: { plugins: plugins as never[] }, attachTo: document.body })
  addTraceRoute(router, o.traceRoute)
  await router.push(url)
  await router.isReady()
  await settle()
  return { router, es, wrapper }
}

/** Lets lazy route components, requests and re-renders finish. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

/** The body of the `n`th request, for assertions on what was asked. */
export function bodyOf(h: Harness, n = -1): Record<string, unknown> {
  const req = h.es.requests.at(n)
  if (!req?.body) throw new Error(`request ${n} had no JSON body`)
  return req.body
}
