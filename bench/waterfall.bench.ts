/**
 * The trace page in Debian chromium (playwright-core, headless, --disable-gpu, 1600×1000) against
 * the built standalone app and a fake Zipkin serving generated traces of 1k/10k/50k/100k spans
 * (BUDGETS.md shapes). Per size, medians of 3 runs:
 * - after data: trace response arrived (Resource Timing, in the thread that fetched it) → first
 *   rows painted (User Timing `tb:trace-after-data`), and its main-thread part (trace built →
 *   rows painted);
 * - time to interactive: response arrived → end of the last long task after the rows appeared;
 * - jump scroll: one screen per animation frame from top to bottom (capped at 600 frames,
 *   evenly spaced), frame p95 and max, longest task, and the page's own work per jump (scroll
 *   handler → rows patched → layout);
 * - collapse all / expand all: click → next frame painted;
 * - JS heap (CDP, after a forced GC) of the page and of the trace worker (which holds the full trace);
 * - at every size, after data again with the same traces as Jaeger JSON and as Jaeger v3's
 *   OTLP JSON (`/api/v3/traces/{id}`, `{result: {resourceSpans}}`).
 * - in-app after data, per format and size: the page already shows another trace (a 100-span
 *   one, loaded cold first) and the router is sent to this one, as a click from the trace list
 *   does. The figures above come from a page opened on the trace URL, where a small trace's
 *   response arrives before the page's code is compiled and run, so at 1k and 10k they measure
 *   the page's start-up more than the data; here the code is ready and only the data is left.
 * - cold navigation (a fresh context per sample, the trace URL opened, nothing cached) →
 *   first rows for Zipkin, Jaeger JSON and Jaeger v3 at 10k and 100k, when the trace request
 *   was sent and answered, and page + worker heap at 100k (WATERFALL_PARTS=cold for only these);
 * - WATERFALL_PROFILE=1: CPU profiles of the page and the worker for one cold load per format
 *   (unminified build; the page's start-up and its built → painted window apart), and with
 *   WATERFALL_PROFILE_DIR=<dir> the raw .cpuprofile files; WATERFALL_TIMELINE=1: every resource
 *   and mark of each cold load, and when the worker started and sent the trace request.
 * Reports figures; asserts nothing.
 */
import { createServer, type Server } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { generateTrace, toJaegerJson, toOtlpJson, toZipkinJson } from './generateTrace'
import { buildStandalone, epochNow, median, profileClock, round, sendBuiltFile, topSelfTime, type CpuProfile } from './pagePerf'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIST = join(ROOT, '.tmp', 'bench-waterfall-dist')
// WATERFALL_SIZES=10000,50000 measures only those sizes (a quicker look at one change).
const SIZES = process.env.WATERFALL_SIZES ? process.env.WATERFALL_SIZES.split(',').map(Number) : [1_000, 10_000, 50_000, 100_000]
// Medians of 3 (BUDGETS.md); WATERFALL_RUNS=5 steadies them on a noisy machine.
const RUNS = Number(process.env.WATERFALL_RUNS ?? 3)
const MAX_SCROLL_FRAMES = 600

const label = (n: number): string => `${n / 1000}k`

/**
 * Serves the built app, the runtime config and the traces from memory (as bytes, ready to send: a
 * real backend's own time to produce a trace is not the page's): Zipkin's
 * `/api/traces/api/v2/trace/{id}`, Jaeger's `/api/traces/api/traces/{id}` or Jaeger v2's
 * `/api/traces/api/v3/traces/{id}`.
 */
async function serve(texts: Map<string, string>, kind: 'zipkin' | 'jaeger' | 'jaeger-v3' = 'zipkin'): Promise<{ server: Server; url: string }> {
  // Encoded once, up front: `res.end(text)` would turn 30–60 MB of text into bytes on every
  // request, 50–100 ms before the first byte, which is this fake server's time, not the page's.
  const traces = new Map([...texts].map(([id, text]) => [id, Buffer.from(text)]))
  const tracePath =
    kind === 'zipkin'
      ? /^\/api\/traces\/api\/v2\/trace\/([0-9a-f]+)$/
      : kind === 'jaeger'
        ? /^\/api\/traces\/api\/traces\/([0-9a-f]+)$/
        : /^\/api\/traces\/api\/v3\/traces\/([0-9a-f]+)$/
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
    if (path === '/traceboard.config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ backends: { traces: { kind, url: '/api/traces' } } }))
      return
    }
    const m = tracePath.exec(path)
    if (m) {
      const body = traces.get(m[1] as string)
      if (!body) {
        res.writeHead(404, { 'Content-Type': 'text/plain' })
        res.end('not found')
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length })
      res.end(body)
      return
    }
    sendBuiltFile(DIST, path, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** What the page shows, for an error message when its rows never came (a failed run, not a slow one). */
const shownText = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText.replace(/\s+/g, ' ').slice(0, 400)).catch(() => '?')

/** Long tasks from page start, kept where the measurements can read them. */
const OBSERVE_LONG_TASKS = `
  window.__tbLongTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__tbLongTasks.push([e.startTime, e.duration]) })
    .observe({ type: 'longtask', buffered: true });
`

type Cdp = Awaited<ReturnType<ReturnType<Browser['contexts']>[number]['newCDPSession']>>

/**
 * The trace worker's heap, through the page's CDP session: workers auto-attach as child targets
 * and take raw protocol messages (playwright exposes no CDP session for a dedicated worker).
 */
async function watchWorkerHeap(cdp: Cdp): Promise<(() => Promise<number>) & { evaluate(expression: string): Promise<unknown> }> {
  const sessions: string[] = []
  const replies = new Map<number, (v: unknown) => void>()
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
    if (e.targetInfo.type === 'worker') sessions.push(e.sessionId)
  })
  cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown }
    if (m.id !== undefined) replies.get(m.id)?.(m.result)
  })
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false })
  let id = 0
  const ask = (sessionId: string, method: string, params?: object): Promise<unknown> =>
    new Promise((resolve) => {
      const n = ++id
      replies.set(n, resolve)
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method, params }) })
      setTimeout(() => resolve(undefined), 5000)
    })
  const heap = async (): Promise<number> => {
    const session = sessions[0]
    if (!session) return Number.NaN
    await ask(session, 'HeapProfiler.collectGarbage')
    const usage = (await ask(session, 'Runtime.getHeapUsage')) as { usedSize?: number } | undefined
    return usage?.usedSize ?? Number.NaN
  }
  /** Evaluates `expression` in the worker; its value, read as JSON. */
  const evaluate = async (expression: string): Promise<unknown> => {
    const session = sessions[0]
    if (!session) return undefined
    const reply = (await ask(session, 'Runtime.evaluate', { expression, returnByValue: true })) as { result?: { value?: unknown } } | undefined
    return reply?.result?.value
  }
  return Object.assign(heap, { evaluate })
}

interface RunFigures {
  afterData: number
  builtToPainted: number
  interactive: number
  scrollP95: number
  scrollMax: number
  scrollLongest: number
  scrollFrames: number
  scrollWorkP95: number
  scrollWorkMax: number
  collapseAll: number
  expandAll: number
  heapMb: number
  workerHeapMb: number
}

async function measure(browser: Browser, url: string, traceId: string, loadOnly = false): Promise<RunFigures> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  const page: Page = await context.newPage()
  await page.addInitScript(OBSERVE_LONG_TASKS)
  const cdp = await context.newCDPSession(page)
  const workerHeap = await watchWorkerHeap(cdp)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text())
  })
  await page.goto(`${url}/monitoring/traces/${traceId}`)
  try {
    await page.waitForFunction(() => performance.getEntriesByName('tb:trace-after-data').length > 0, undefined, { timeout: 120_000 })
  } catch (e) {
    // Say what the page showed instead of rows, so a failed run can be told from a slow one.
    const shown = await shownText(page)
    throw new Error(`no rows for trace ${traceId} (${String(e)}); page: ${shown}; console: ${problems.join(' | ').slice(0, 600)}`)
  }
  await page.waitForTimeout(1000)
  const load = await page.evaluate(() => {
    const after = performance.getEntriesByName('tb:trace-after-data')[0] as PerformanceMeasure
    const built = performance.getEntriesByName('tb:trace-built-to-painted')[0] as PerformanceMeasure | undefined
    const tasks = (window as unknown as { __tbLongTasks: [number, number][] }).__tbLongTasks
    const painted = after.startTime + after.duration
    let lastEnd = painted
    for (const [start, duration] of tasks) if (start + duration > after.startTime) lastEnd = Math.max(lastEnd, start + duration)
    return { afterData: after.duration, builtToPainted: built?.duration ?? Number.NaN, interactive: lastEnd - after.startTime }
  })
  if (loadOnly) {
    await context.close()
    const none = Number.NaN
    return { ...load, scrollP95: none, scrollMax: none, scrollLongest: none, scrollFrames: none, scrollWorkP95: none, scrollWorkMax: none, collapseAll: none, expandAll: none, heapMb: none, workerHeapMb: none }
  }

  const scroll = await page.evaluate(async (maxFrames) => {
    const el = document.querySelector('[role="tree"]') as HTMLElement
    const total = el.scrollHeight - el.clientHeight
    const step = Math.max(el.clientHeight, total / maxFrames)
    const tasks = (window as unknown as { __tbLongTasks: [number, number][] }).__tbLongTasks
    const from = performance.now()
    const frames: number[] = []
    let last = await new Promise<number>((r) => requestAnimationFrame(r))
    for (let top = step; top <= total + step - 1; top += step) {
      el.scrollTop = Math.min(top, total)
      const now = await new Promise<number>((r) => requestAnimationFrame(r))
      frames.push(now - last)
      last = now
    }
    await new Promise((r) => setTimeout(r, 100))
    const longest = tasks.filter(([s]) => s >= from).reduce((m, [, d]) => Math.max(m, d), 0)
    frames.sort((a, b) => a - b)
    // The same jumps once more, timing only the page's own work per jump — scroll handler, row
    // patching and layout — which other processes on a busy machine inflate far less.
    const work: number[] = []
    el.scrollTop = 0
    await new Promise((r) => requestAnimationFrame(r))
    for (let top = step; top <= total + step - 1; top += step) {
      const t0 = performance.now()
      el.scrollTop = Math.min(top, total)
      el.dispatchEvent(new Event('scroll'))
      await Promise.resolve()
      void el.offsetHeight
      work.push(performance.now() - t0)
      await new Promise((r) => requestAnimationFrame(r))
    }
    work.sort((a, b) => a - b)
    return {
      p95: frames[Math.floor(frames.length * 0.95)] ?? 0,
      max: frames[frames.length - 1] ?? 0,
      longest,
      frames: frames.length,
      workP95: work[Math.floor(work.length * 0.95)] ?? 0,
      workMax: work[work.length - 1] ?? 0,
    }
  }, MAX_SCROLL_FRAMES)

  const clickToPaint = (testid: string): Promise<number> =>
    page.evaluate(async (id) => {
      const button = document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement
      const t0 = performance.now()
      button.click()
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r)))
      return performance.now() - t0
    }, testid)
  const collapseAll = await clickToPaint('collapse-all')
  const expandAll = await clickToPaint('expand-all')

  await cdp.send('HeapProfiler.collectGarbage')
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  const workerHeapMb = (await workerHeap()) / 1024 / 1024
  await context.close()
  return {
    ...load,
    scrollP95: scroll.p95,
    scrollMax: scroll.max,
    scrollLongest: scroll.longest,
    scrollFrames: scroll.frames,
    scrollWorkP95: scroll.workP95,
    scrollWorkMax: scroll.workMax,
    collapseAll,
    expandAll,
    heapMb: heap.usedSize / 1024 / 1024,
    workerHeapMb,
  }
}

/**
 * A trace opened from inside the app: the page first shows `fromId` (opened cold), then the
 * router is sent to `traceId` through the history API, as a RouterLink click does (no reload).
 * The second trace's after data and built → rows painted.
 */
async function measureInApp(browser: Browser, url: string, fromId: string, traceId: string): Promise<{ afterData: number; builtToPainted: number }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  const page = await context.newPage()
  await page.goto(`${url}/monitoring/traces/${fromId}`)
  await page.waitForFunction(() => performance.getEntriesByName('tb:trace-after-data').length > 0, undefined, { timeout: 60_000 })
  // Let the first page's deferred work (log panel, span index) finish, as a reading user would.
  await page.waitForTimeout(1000)
  await page.evaluate((id) => {
    history.pushState(history.state, '', `/monitoring/traces/${id}`)
    dispatchEvent(new PopStateEvent('popstate', { state: history.state }))
  }, traceId)
  try {
    await page.waitForFunction(() => performance.getEntriesByName('tb:trace-after-data').length > 1, undefined, { timeout: 120_000 })
  } catch (e) {
    const shown = await shownText(page)
    throw new Error(`no rows for trace ${traceId} opened in-app (${String(e)}); page: ${shown}`)
  }
  const figures = await page.evaluate(() => {
    // (No inner named functions: the bundler used for benchmarks would wrap them in a helper
    // the page does not have.)
    const after = performance.getEntriesByName('tb:trace-after-data')
    const built = performance.getEntriesByName('tb:trace-built-to-painted')
    // A reload would also give a second entry: make sure the page stayed the same document.
    if (after.length !== 2) return undefined
    return { afterData: (after[1] as PerformanceMeasure).duration, builtToPainted: (built.at(-1) as PerformanceMeasure | undefined)?.duration ?? Number.NaN }
  })
  await context.close()
  if (!figures) throw new Error(`trace ${traceId} opened in-app: expected two loads in one document`)
  return figures
}

interface ColdFigures {
  /** Navigation start → first rows painted (the end of `tb:trace-after-data`). */
  navToRows: number
  /** Navigation start → the trace request sent, by whichever thread sent it. */
  navToRequest: number
  /** Navigation start → the trace response's last byte. */
  navToResponse: number
  heapMb: number
  workerHeapMb: number
}

/**
 * A first visit straight to the trace URL: a fresh browser context (no HTTP or code cache), the
 * standalone build, the trace from loopback. The request's times come from Resource Timing in
 * the page and in the worker, both put on the page's clock.
 */
async function measureCold(browser: Browser, url: string, traceId: string, withHeap: boolean): Promise<ColdFigures> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
  const page: Page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const worker = await watchWorkerHeap(cdp)
  await page.goto(`${url}/monitoring/traces/${traceId}`, { waitUntil: 'commit' })
  try {
    await page.waitForFunction(() => performance.getEntriesByName('tb:trace-after-data').length > 0, undefined, { timeout: 120_000 })
  } catch (e) {
    const shown = await shownText(page)
    throw new Error(`no rows for trace ${traceId} on a cold load (${String(e)}); page: ${shown}`)
  }
  const readRequest = `(() => {
    const e = performance.getEntriesByType('resource').filter((r) => r.name.includes(${JSON.stringify(traceId)}) && r.responseEnd > 0).pop();
    return e ? [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd] : null })()`
  const page0 = await page.evaluate(() => performance.timeOrigin)
  // WATERFALL_TIMELINE=1: what the page fetched and when, to see what the trace request waits for.
  if (process.env.WATERFALL_TIMELINE) {
    const timeline = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('mark')].map((e) => {
        const end = (e as PerformanceResourceTiming).responseEnd ?? e.startTime
        return `${e.startTime.toFixed(0).padStart(6)} → ${end.toFixed(0).padStart(6)} ms  ${e.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)}`
      }),
    )
    const inWorkerTimes = (await worker.evaluate(`(() => {
      const e = performance.getEntriesByType('resource').filter((r) => r.name.includes(${JSON.stringify(traceId)})).pop();
      return { started: performance.timeOrigin, request: e ? e.startTime : null } })()`)) as { started: number; request: number | null } | undefined
    const workerLine = inWorkerTimes
      ? `worker started at ${(inWorkerTimes.started - page0).toFixed(0)} ms, its trace request ${inWorkerTimes.request === null ? 'not seen' : `${inWorkerTimes.request.toFixed(0)} ms after its start`}`
      : 'no worker'
    console.log(`\n### cold timeline, ${traceId}\n${timeline.join('\n')}\n${workerLine}`)
  }
  const inPage = (await page.evaluate(readRequest)) as [number, number] | null
  const inWorker = (await worker.evaluate(readRequest)) as [number, number] | null
  const request = inPage ?? inWorker
  const navToRows = await page.evaluate(() => {
    const m = performance.getEntriesByName('tb:trace-after-data')[0] as PerformanceMeasure
    return m.startTime + m.duration
  })
  let heapMb = Number.NaN
  let workerHeapMb = Number.NaN
  if (withHeap) {
    await cdp.send('HeapProfiler.collectGarbage')
    heapMb = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1024 / 1024
    workerHeapMb = (await worker()) / 1024 / 1024
  }
  await context.close()
  return {
    navToRows,
    navToRequest: request ? request[0] - page0 : Number.NaN,
    navToResponse: request ? request[1] - page0 : Number.NaN,
    heapMb,
    workerHeapMb,
  }
}

const COLD_KINDS = ['zipkin', 'jaeger', 'jaeger-v3'] as const
const COLD_NAMES: Record<(typeof COLD_KINDS)[number], string> = { zipkin: 'Zipkin', jaeger: 'Jaeger JSON', 'jaeger-v3': 'Jaeger v3 OTLP JSON' }

/** Cold navigation → first rows for each format at 10k and 100k (or WATERFALL_COLD_SIZES), heap at the largest. */
async function coldNavigation(browser: Browser): Promise<Record<string, unknown>> {
  const sizes = process.env.WATERFALL_COLD_SIZES ? process.env.WATERFALL_COLD_SIZES.split(',').map(Number) : [10_000, 100_000]
  const largest = Math.max(...sizes)
  const figures: Record<string, unknown> = {}
  for (const kind of COLD_KINDS) {
    const bodies = new Map<string, string>()
    const ids = new Map<number, string>()
    for (const n of sizes) {
      const t = generateTrace(n, 11)
      bodies.set(t.traceId, kind === 'zipkin' ? toZipkinJson(t) : kind === 'jaeger' ? toJaegerJson(t) : toOtlpJson(t))
      ids.set(n, t.traceId)
    }
    const served = await serve(bodies, kind)
    try {
      for (const n of sizes) {
        const runs: ColdFigures[] = []
        for (let r = 0; r < RUNS; r++) runs.push(await measureCold(browser, served.url, ids.get(n) as string, n === largest))
        const m = (k: keyof ColdFigures): number => round(median(runs.map((x) => x[k])))
        const l = `${label(n)} ${COLD_NAMES[kind]} cold`
        figures[`${l} navigation → first rows ms`] = m('navToRows')
        figures[`${l} navigation → trace request sent ms`] = m('navToRequest')
        figures[`${l} navigation → trace response end ms`] = m('navToResponse')
        if (n === largest) {
          figures[`${l} page JS heap MB`] = m('heapMb')
          figures[`${l} worker JS heap MB`] = m('workerHeapMb')
          figures[`${l} page + worker JS heap MB`] = round(median(runs.map((x) => x.heapMb + x.workerHeapMb)))
        }
      }
    } finally {
      served.server.close()
    }
  }
  return figures
}

/**
 * `WATERFALL_PROFILE=1`: one cold load of each format at the largest size with CPU profiles of
 * the page and of the trace worker (started before the worker runs a line: it waits for the
 * debugger), printed as the functions with the most self time. What a missed goal is made of.
 */
async function profileLoads(browser: Browser): Promise<void> {
  const n = Math.max(...SIZES)
  const t = generateTrace(n, 11)
  for (const kind of COLD_KINDS) {
    const served = await serve(new Map([[t.traceId, kind === 'zipkin' ? toZipkinJson(t) : kind === 'jaeger' ? toJaegerJson(t) : toOtlpJson(t)]]), kind)
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    let workerSession: string | undefined
    let id = 0
    const replies = new Map<number, (v: unknown) => void>()
    const send = (method: string, params?: object): Promise<unknown> =>
      new Promise((resolve) => {
        const k = ++id
        replies.set(k, resolve)
        void cdp.send('Target.sendMessageToTarget', { sessionId: workerSession as string, message: JSON.stringify({ id: k, method, params }) })
        setTimeout(() => resolve(undefined), 10_000)
      })
    cdp.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: unknown }
      if (m.id !== undefined) replies.get(m.id)?.(m.result)
    })
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
      if (e.targetInfo.type !== 'worker' || workerSession) return
      workerSession = e.sessionId
      void (async () => {
        await send('Profiler.enable')
        await send('Profiler.setSamplingInterval', { interval: 100 })
        await send('Profiler.start')
        await send('Runtime.runIfWaitingForDebugger')
      })()
    })
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false })
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
    const profiledAtMs = await epochNow(page)
    await page.goto(`${served.url}/monitoring/traces/${t.traceId}`, { waitUntil: 'commit' })
    await page.waitForFunction(() => performance.getEntriesByName('tb:trace-after-data').length > 0, undefined, { timeout: 120_000 })
    const pageProfile = ((await cdp.send('Profiler.stop')) as { profile: CpuProfile & { startTime: number } }).profile
    // Start-up: navigation → the trace prefetch's chunk asked for (what the trace request waits for on the page).
    const startup = await page.evaluate(() => ({
      timeOrigin: performance.timeOrigin,
      prefetchAt: performance.getEntriesByType('resource').find((e) => e.name.includes('useTracePrefetch'))?.startTime ?? 0,
    }))
    const toProfile = profileClock(pageProfile, profiledAtMs, startup.timeOrigin)
    const built = await page.evaluate(() => {
      const m = performance.getEntriesByName('tb:trace-built-to-painted')[0]
      return m ? { from: m.startTime, to: m.startTime + m.duration } : undefined
    })
    if (built) {
      console.log(
        `\n### ${label(n)} ${COLD_NAMES[kind]} cold load: page, trace built → rows painted (${round(built.to - built.from)} ms)\n` +
          topSelfTime(pageProfile, 25, { fromUs: toProfile(built.from), toUs: toProfile(built.to) }),
      )
    }
    console.log(
      `\n### ${label(n)} ${COLD_NAMES[kind]} cold load: page, navigation → prefetch chunk asked (${round(startup.prefetchAt)} ms)\n` +
        topSelfTime(pageProfile, 20, { fromUs: toProfile(0), toUs: toProfile(startup.prefetchAt) }),
    )
    const workerProfile = ((await send('Profiler.stop')) as { profile?: CpuProfile } | undefined)?.profile
    console.log(`\n### ${label(n)} ${COLD_NAMES[kind]} cold load: page main thread, most self time\n${topSelfTime(pageProfile, 15)}`)
    console.log(`### ${label(n)} ${COLD_NAMES[kind]} cold load: trace worker, most self time\n${workerProfile ? topSelfTime(workerProfile, 15) : '(no worker profile)'}`)
    // WATERFALL_PROFILE_DIR: the raw profiles too (.cpuprofile, for chromium's DevTools or a script).
    if (process.env.WATERFALL_PROFILE_DIR) {
      const dir = process.env.WATERFALL_PROFILE_DIR
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, `${kind}-${n}-page.cpuprofile`), JSON.stringify(pageProfile))
      if (workerProfile) writeFileSync(join(dir, `${kind}-${n}-worker.cpuprofile`), JSON.stringify(workerProfile))
    }
    await context.close()
    served.server.close()
  }
}

// WATERFALL_PARTS=cold measures only cold navigation, =inapp only the in-app loads, =warm the rest.
const PARTS = (process.env.WATERFALL_PARTS ?? 'warm,cold,inapp').split(',')

export async function run(): Promise<Record<string, unknown>> {
  await buildStandalone(ROOT, DIST, Boolean(process.env.WATERFALL_PROFILE))
  const traces = new Map<string, string>()
  const ids = new Map<number, string>()
  for (const n of SIZES) {
    const t = generateTrace(n, 11)
    traces.set(t.traceId, toZipkinJson(t))
    ids.set(n, t.traceId)
  }
  // The trace an in-app load starts from: small, so the page is soon ready for the next.
  const from = generateTrace(100, 5)
  if (ids.has(100) || [...ids.values()].includes(from.traceId)) throw new Error('the in-app start trace must differ from the measured ones')
  traces.set(from.traceId, toZipkinJson(from))
  const { server, url } = await serve(traces)
  // The same traces as Jaeger JSON (75% larger), loading only: Jaeger users wait for these.
  // Every size: each format has its own goal at 1k and 10k too (issue 15).
  const jaegerSizes = SIZES
  const jaegerTraces = new Map<string, string>()
  for (const n of jaegerSizes) jaegerTraces.set(ids.get(n) as string, toJaegerJson(generateTrace(n, 11)))
  jaegerTraces.set(from.traceId, toJaegerJson(from))
  const jaeger = await serve(jaegerTraces, 'jaeger')
  const otlpTraces = new Map<string, string>()
  for (const n of jaegerSizes) otlpTraces.set(ids.get(n) as string, toOtlpJson(generateTrace(n, 11)))
  otlpTraces.set(from.traceId, toOtlpJson(from))
  const jaegerV3 = await serve(otlpTraces, 'jaeger-v3')
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
  })
  const figures: Record<string, unknown> = {}
  try {
    if (process.env.WATERFALL_PROFILE) await profileLoads(browser)
    if (PARTS.includes('cold')) Object.assign(figures, await coldNavigation(browser))
    // A first page load pays for compiling the app's code, as a user's first visit does.
    if (PARTS.includes('warm')) await measure(browser, url, ids.get(SIZES[0] as number) as string)
    for (const n of PARTS.includes('warm') ? SIZES : []) {
      const runs: RunFigures[] = []
      for (let r = 0; r < RUNS; r++) runs.push(await measure(browser, url, ids.get(n) as string))
      const m = (k: keyof RunFigures): number => round(median(runs.map((x) => x[k])))
      const l = label(n)
      figures[`${l} after data ms`] = m('afterData')
      figures[`${l} built → rows painted ms`] = m('builtToPainted')
      figures[`${l} time to interactive ms`] = m('interactive')
      figures[`${l} jump-scroll frame p95 ms`] = m('scrollP95')
      figures[`${l} jump-scroll frame max ms`] = m('scrollMax')
      figures[`${l} jump-scroll longest task ms`] = m('scrollLongest')
      figures[`${l} jump-scroll frames`] = m('scrollFrames')
      figures[`${l} jump-scroll work per jump p95 ms`] = m('scrollWorkP95')
      figures[`${l} jump-scroll work per jump max ms`] = m('scrollWorkMax')
      figures[`${l} collapse all ms`] = m('collapseAll')
      figures[`${l} expand all ms`] = m('expandAll')
      figures[`${l} page JS heap MB`] = m('heapMb')
      figures[`${l} worker JS heap MB`] = m('workerHeapMb')
    }
    for (const n of PARTS.includes('warm') ? jaegerSizes : []) {
      const runs: RunFigures[] = []
      for (let r = 0; r < RUNS; r++) runs.push(await measure(browser, jaeger.url, ids.get(n) as string, true))
      figures[`${label(n)} Jaeger JSON after data ms`] = round(median(runs.map((x) => x.afterData)))
      figures[`${label(n)} Jaeger JSON built → rows painted ms`] = round(median(runs.map((x) => x.builtToPainted)))
    }
    for (const n of PARTS.includes('warm') ? jaegerSizes : []) {
      const runs: RunFigures[] = []
      for (let r = 0; r < RUNS; r++) runs.push(await measure(browser, jaegerV3.url, ids.get(n) as string, true))
      figures[`${label(n)} Jaeger v3 OTLP JSON after data ms`] = round(median(runs.map((x) => x.afterData)))
      figures[`${label(n)} Jaeger v3 OTLP JSON built → rows painted ms`] = round(median(runs.map((x) => x.builtToPainted)))
    }
    const inApp = [
      ['', url],
      ['Jaeger JSON ', jaeger.url],
      ['Jaeger v3 OTLP JSON ', jaegerV3.url],
    ] as const
    for (const [name, served] of PARTS.includes('inapp') ? inApp : []) {
      for (const n of SIZES) {
        const runs: { afterData: number; builtToPainted: number }[] = []
        for (let r = 0; r < RUNS; r++) runs.push(await measureInApp(browser, served, from.traceId, ids.get(n) as string))
        figures[`${label(n)} ${name}in-app after data ms`] = round(median(runs.map((x) => x.afterData)))
        figures[`${label(n)} ${name}in-app built → rows painted ms`] = round(median(runs.map((x) => x.builtToPainted)))
      }
    }
  } finally {
    await browser.close()
    server.close()
    jaeger.server.close()
    jaegerV3.server.close()
  }
  return figures
}
