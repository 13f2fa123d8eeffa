/**
 * What the browser benches share: a server for the built app and a fake Prometheus, medians, and when the frame that drew a set of elements
 * ended (the long animation frame holding the moment they entered the DOM, else that frame's
 * requestAnimationFrame), noted by a probe installed before the app.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { build } from 'vite'
import { extname, join, normalize } from 'node:path'

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

export const round = (v: number): number => Math.round(v * 10) / 10

export interface DrawPerf {
  /** First elements / `count` elements in the DOM. */
  firstCardsAtMs: number | undefined
  /** How many there were at `firstCardsAtMs` (the first screen's batch). */
  firstCount?: number
  cardsAtMs: number | undefined
  /** requestAnimationFrame of the frame that renders them (style, layout and paint follow). */
  firstRafAtMs: number | undefined
  rafAtMs: number | undefined
  /** Long animation frames (≥ 50 ms) with their start and duration. */
  frames: { startTime: number; duration: number }[]
}

/**
 * The probe, as plain JS text (tsx would add helpers such as `__name` that the page lacks):
 * `window.__drawPerf` notes when the first and the `count`-th element matching `selector`
 * entered the DOM, the frames that drew them, and every long animation frame.
 */
export function drawProbeScript(selector: string, count: number): string {
  return `(() => {
    const perf = { firstCardsAtMs: undefined, cardsAtMs: undefined, firstRafAtMs: undefined, rafAtMs: undefined, frames: [] };
    window.__drawPerf = perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.frames.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'long-animation-frame', buffered: true });
    const observer = new MutationObserver(() => {
      const n = document.querySelectorAll(${JSON.stringify(selector)}).length;
      if (n > 0 && perf.firstCardsAtMs === undefined) {
        perf.firstCardsAtMs = performance.now();
        perf.firstCount = n;
        requestAnimationFrame(() => { perf.firstRafAtMs = performance.now() });
      }
      if (n >= ${count} && perf.cardsAtMs === undefined) {
        perf.cardsAtMs = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => { perf.rafAtMs = performance.now() });
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
  })()`
}

/** When the frame that drew the elements ended (NaN when they never came). */
export function frameEnd(perf: DrawPerf, domAt: number | undefined, rafAt: number | undefined): number {
  if (domAt === undefined) return NaN
  const frame = perf.frames.find((f) => f.startTime <= domAt && domAt <= f.startTime + f.duration)
  return frame ? frame.startTime + frame.duration : (rafAt ?? NaN)
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }

/** A file of the Vite build in `outDir`; any path without an extension is the SPA's index.html. */
export function sendBuiltFile(outDir: string, pathname: string, res: ServerResponse): void {
  const file = normalize(join(outDir, pathname))
  const served = file.startsWith(outDir) && extname(file) !== '' ? file : join(outDir, 'index.html')
  readFile(served).then(
    (b) => res.writeHead(200, { 'Content-Type': TYPES[extname(served)] ?? 'application/octet-stream' }).end(b),
    () => res.writeHead(404).end(),
  )
}

export interface AppServer {
  server: Server
  url: string
  /** Requests to the fake Prometheus so far. */
  readonly metricsRequests: number
  close(): Promise<void>
}

/**
 * Serves a Vite build from `outDir` (any path without an extension is the SPA's index.html),
 * `config` as /traceboard.config.json, and a fake Prometheus under /api/metrics answered by
 * `answer(path, params)` (query string and form body merged), counting its requests.
 */
export function serveBuiltApp(outDir: string, config: unknown, answer: (path: string, params: URLSearchParams) => unknown): Promise<AppServer> {
  let metricsRequests = 0
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/traceboard.config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(config))
      return
    }
    if (url.pathname.startsWith('/api/metrics/')) {
      metricsRequests++
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        const params = new URLSearchParams(url.search)
        new URLSearchParams(body).forEach((v, k) => params.append(k, v))
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer(url.pathname.slice('/api/metrics'.length), params)))
      })
      return
    }
    sendBuiltFile(outDir, url.pathname, res)
  }
  return new Promise((resolve) => {
    const server = createServer(handler)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        get metricsRequests() {
          return metricsRequests
        },
        close: () => new Promise((r) => server.close(() => r())),
      })
    })
  })
}

export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
  /** Monotonic µs of the first sample's base. */
  startTime?: number
}

/**
 * The functions with the most self time in a CDP CPU profile, one per line. With `window`, only
 * the samples between `fromUs` and `toUs` (the profile's monotonic clock, as `startTime`).
 */
export function topSelfTime(p: CpuProfile, top = 25, window?: { fromUs: number; toUs: number }): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  let at = p.startTime ?? 0
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0
    if (window && (at < window.fromUs || at > window.toUs)) return
    const n = byId.get(id)
    const f = n ? `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber}` : '?'
    self.set(f, (self.get(f) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000)
  })
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([f, ms]) => `${ms.toFixed(1).padStart(7)} ms  ${f}`).join('\n')
}

export interface PageProfiler {
  /**
   * Stops the profile and prints the top self time of the whole load, then of the window from
   * `fromMs` to `toMs` (performance.now() of the page measured, whose `timeOrigin` is given).
   */
  stop(label: string, window: { timeOrigin: number; fromMs: number; toMs: number }): Promise<void>
}

/** Epoch ms in `page` now: read right after Profiler.start, since the page about to be loaded has a timeOrigin of its own. */
export function epochNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + performance.now())
}

/** A page time (performance.now() of the page whose `timeOrigin` is given) on the profile's clock, in µs. */
export function profileClock(profile: { startTime: number }, startedAtMs: number, timeOrigin: number): (ms: number) => number {
  return (ms) => profile.startTime + (timeOrigin + ms - startedAtMs) * 1000
}

/** The standalone app built into `outDir`; unminified when profiling, so profiles name functions. */
export async function buildStandalone(root: string, outDir: string, profiling: boolean): Promise<void> {
  await build({ root, logLevel: 'error', build: { outDir, emptyOutDir: true, ...(profiling ? { minify: false } : {}) } })
}

/** A CPU profile of `page` from now on (before its navigation), for the `*_PROFILE=1` benches. */
export async function startPageProfile(page: Page): Promise<PageProfiler> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
  await cdp.send('Profiler.start')
  const startedAtMs = await epochNow(page)
  return {
    async stop(label, { timeOrigin, fromMs, toMs }) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile & { startTime: number } }
      const toProfile = profileClock(profile, startedAtMs, timeOrigin)
      console.log(topSelfTime(profile))
      console.log(`-- ${label} (${round(toMs - fromMs)} ms):`)
      console.log(topSelfTime(profile, 30, { fromUs: toProfile(fromMs), toUs: toProfile(toMs) }))
    },
  }
}
