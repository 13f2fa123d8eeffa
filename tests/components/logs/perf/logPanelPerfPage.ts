/**
 * Browser page for `bench/logPanel.bench.ts` (not a test): mounts the real LogPanel with a log
 * backend that answers 100,000 records the moment the bench says so, and measures in the page
 * what BUDGETS.md asks — first row painted after the data arrived, filter-as-you-type, scroll.
 */
import { createApp, h } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import LogPanel from '@/components/logs/LogPanel.vue'
import TraceboardScope from '@/components/TraceboardScope.vue'
import { emptyLevelCounts, type LogLevel } from '@/domain/logs/logLevel'
import type { LogPage } from '@/domain/logs/logPage'
import type { LogRecord } from '@/domain/logs/logRecord'
import type { MaskingRules } from '@/domain/masking'
import { createTraceboardI18n, I18N_KEY } from '@/i18n'
import { CONTEXT_KEY } from '@/module/context'
import { resolveOptions } from '@/module/options'
import { ROUTE } from '@/module/routeNames'
import type { LogBackend } from '@/services/logs'

const COUNT = Number(new URLSearchParams(location.search).get('n') ?? 100_000)
const MASKED = new URLSearchParams(location.search).has('masking')
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const SERVICES = ['api-gateway', 'auth-service', 'business-service', 'external-api', 'orders-db', 'cache', 'queue', 'billing']
const LEVELS: LogLevel[] = ['info', 'info', 'info', 'debug', 'debug', 'warn', 'info', 'info', 'info', 'info', 'error', 'info', 'info', 'info', 'info', 'info', 'info', 'info', 'info', 'trace']
const MESSAGES = [
  'GET /api/orders/{id} completed in {n} ms',
  'token validated for user u-{id} (cache hit)',
  'token cache miss, asking issuer for u-{id}',
  'upstream call to payment-gateway timeout after {n} ms, retrying',
  'order {id} moved to state PAID',
  'published event order.updated partition {n}',
  'SELECT * FROM orders WHERE id = {id} took {n} ms',
  'customer kim{id}@example.com notified by e-mail',
]

function makeRecords(n: number): LogRecord[] {
  const out = new Array<LogRecord>(n)
  const start = Date.UTC(2024, 2, 12, 20, 0, 0)
  for (let i = 0; i < n; i++) {
    const level = LEVELS[i % LEVELS.length] ?? 'info'
    const service = SERVICES[(i * 7) % SERVICES.length] ?? 'api-gateway'
    let message = (MESSAGES[(i * 13) % MESSAGES.length] ?? '').replace('{id}', String(100_000 + i)).replace('{n}', String((i * 37) % 2000))
    if (level === 'error') message += `\njava.net.SocketTimeoutException: Read timed out\n\tat java.net.SocketInputStream.read(SocketInputStream.java:${i % 300})`
    const timeMs = start + i * 3
    const spanId = (0x1000_0000 + (i % 5000)).toString(16).padStart(16, 'a')
    out[i] = {
      id: `logs-app-2024.03.12/doc-${i}`,
      index: 'logs-app-2024.03.12',
      timestamp: new Date(timeMs).toISOString(),
      timeMs,
      level,
      levelRaw: level.toUpperCase(),
      message,
      service,
      logger: `com.shop.${service.replace('-', '.')}.Handler`,
      traceId: TRACE,
      spanId,
      fields: {
        '@timestamp': new Date(timeMs).toISOString(),
        log: { level: level.toUpperCase(), logger: `com.shop.${service}.Handler` },
        message,
        service: { name: service, environment: 'production' },
        trace: { id: TRACE },
        span: { id: spanId },
        host: { name: `node-${i % 12}` },
        user: { id: `u-${100_000 + i}` },
        http: { request: { method: 'GET' }, response: { status_code: 200 } },
      },
      sort: [timeMs, i],
    }
  }
  return out
}

interface PerfApi {
  /** The panel has asked for the logs: `release` answers it. */
  readonly ready: boolean
  release(): void
  firstPaint: Promise<number>
  /** Input event to the next frame after it, per keystroke (ms). */
  inputLatencies: number[]
  /** Jump-scrolls `frames` steps over the whole list; frame intervals and long tasks (ms). */
  jumpScroll(frames: number): Promise<{ frames: number[]; longTasks: number[] }>
}

const records = makeRecords(COUNT)
const counts = emptyLevelCounts()
for (const r of records) counts[r.level]++
let release: (() => void) | undefined
let resolvePaint: (ms: number) => void = () => {}
const firstPaint = new Promise<number>((r) => (resolvePaint = r))

/** Resolves after the frame that follows now has been produced (rAF, then a task after it). */
function afterNextFrame(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const ch = new MessageChannel()
      ch.port1.onmessage = () => resolve(performance.now())
      ch.port2.postMessage(undefined)
    }),
  )
}

const backend: LogBackend = {
  flavour: 'elasticsearch',
  queriedTraceIdField: 'trace.id',
  logsForTrace: () =>
    new Promise<LogPage>((resolve) => {
      release = () => {
        const arrived = performance.now()
        const seen = new MutationObserver(() => {
          if (!document.querySelector('[data-testid="log-row"]')) return
          seen.disconnect()
          void afterNextFrame().then((painted) => resolvePaint(painted - arrived))
        })
        seen.observe(document.body, { childList: true, subtree: true })
        resolve({ records, total: { value: COUNT, atLeast: false }, levelCounts: counts, queriedField: 'trace.id' })
      }
    }),
  searchLogs: () => Promise.reject(new Error('not used')),
}

const inputLatencies: number[] = []
document.addEventListener(
  'input',
  (e) => {
    const started = e.timeStamp
    void afterNextFrame().then((t) => inputLatencies.push(t - started))
  },
  true,
)

async function jumpScroll(frames: number): Promise<{ frames: number[]; longTasks: number[] }> {
  const list = document.querySelector<HTMLElement>('[data-testid="log-list"]')
  if (!list) throw new Error('no log list')
  const longTasks: number[] = []
  const observer = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration)))
  observer.observe({ type: 'longtask' })
  const step = Math.max(list.clientHeight, (list.scrollHeight - list.clientHeight) / frames)
  const intervals: number[] = []
  let last = performance.now()
  for (let i = 0; i < frames; i++) {
    list.scrollTop = Math.min(list.scrollHeight, (i + 1) * step)
    const now = await new Promise<number>((r) => requestAnimationFrame(r))
    intervals.push(now - last)
    last = now
  }
  await afterNextFrame()
  observer.disconnect()
  return { frames: intervals, longTasks }
}

const router = createRouter({
  history: createMemoryHistory(),
  routes: [
    { path: '/', component: { render: () => null } },
    { path: '/monitoring/traces/:traceId', name: ROUTE.trace, component: { render: () => null } },
  ],
})
const options = resolveOptions({ router, backends: { logs: { url: '/api/logs', indexPattern: 'logs-*' } }, locale: 'en' })
const masking: MaskingRules | undefined = MASKED
  ? { fields: [{ path: 'user.id', action: 'mask' }], messagePatterns: ['[\\w.+-]+@[\\w-]+\\.[\\w.]+'] }
  : undefined

// Inside Traceboard's scope, as on the trace page and through the public wrapper.
const app = createApp({
  render: () => h(TraceboardScope, null, { default: () => h(LogPanel, { traceId: TRACE, height: '800px', pageSize: 1000, masking }) }),
})
app.use(createPinia())
app.use(router)
app.provide(I18N_KEY, createTraceboardI18n('en'))
// The service layer is this page's fake backend: nothing to load before `ready()` resolves.
const context = { options, backends: { metrics: undefined, traces: undefined, logs: backend }, ready: () => Promise.resolve() }
app.provide(CONTEXT_KEY, context)
app.mount('#app')

const api: PerfApi = {
  get ready() {
    return release !== undefined
  },
  release: () => release?.(),
  firstPaint,
  inputLatencies,
  jumpScroll,
}
;(window as unknown as { __logPerf: PerfApi }).__logPerf = api
