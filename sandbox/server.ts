import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleAdmin } from './api/adminApi'
import { json, text, type ApiRequest, type ApiResponse } from './api/apiTypes'
import { handleElasticsearch } from './api/esApi'
import { handleJaeger } from './api/jaegerApi'
import { handleJaegerV3 } from './api/jaegerV3Api'
import { handleZipkin } from './api/zipkinApi'
import { prometheusTarget, proxyTo, realServerTarget, serveStatic } from './appServing'
import { buildDemoConfig, type TraceKind } from './demoConfig'
import { LOG_INDEX } from './logs/logDocument'
import { LOG_INDEX_PATTERN } from './logs/openSearchExport'
import type { Sandbox } from './sandbox'

export interface AppOptions {
  /** Built Traceboard app (vite build output); omitted: API only. */
  distDir?: string
  /** Prometheus base URL for `/api/metrics/*`; omitted: an "unavailable" error envelope. */
  prometheusUrl?: string
  traces: TraceKind
  /** `--backends=real`: `/api/traces` and `/api/logs` go to these servers instead of the imitation. */
  real?: RealServers
}

export interface RealServers {
  /** The trace server for the app's kind: Zipkin for `zipkin`, Jaeger for the other two. */
  traces: { name: string; url: string }
  logs: { name: string; url: string }
}

function realRoute(real: RealServers, pathname: string): { target: ReturnType<typeof realServerTarget>; path: string } | undefined {
  for (const [prefix, server] of [['/api/traces', real.traces], ['/api/logs', real.logs]] as const) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) {
      return { target: realServerTarget(server.name, server.url), path: pathname.slice(prefix.length) || '/' }
    }
  }
  return undefined
}

export interface SandboxServerOptions {
  sandbox: Sandbox
  port: number
  host?: string
  app?: AppOptions
}

export interface RunningServer {
  url: string
  port: number
  close(): Promise<void>
}

const MAX_BODY = 1 << 20

function send(res: ServerResponse, r: ApiResponse): void {
  res.writeHead(r.status, r.headers)
  res.end(r.body)
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        resolve(undefined)
        req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Routes one request: the wire-compatible read APIs (`/zipkin`, `/jaeger`, `/es`), the
 * per-service `/metrics/<service>`, `/admin/scenario`, `/healthz`, and, with `app`, the demo:
 * `/traceboard.config.json`, `/api/{traces,logs,metrics}/*` and the built SPA.
 */
export function createSandboxHandler(options: SandboxServerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { sandbox, app } = options
  const dispatchApi = (method: string, pathname: string, query: URLSearchParams, body: string): ApiResponse | undefined => {
    const now = Date.now()
    const at = (prefix: string): ApiRequest | undefined =>
      pathname === prefix || pathname.startsWith(`${prefix}/`) ? { method, path: pathname.slice(prefix.length), query, body } : undefined
    let r: ApiRequest | undefined
    if ((r = at('/zipkin'))) return handleZipkin(r, sandbox.traces, now)
    if ((r = at('/jaeger'))) return r.path.startsWith('/api/v3') ? handleJaegerV3(r, sandbox.traces) : handleJaeger(r, sandbox.traces, now)
    if ((r = at('/es'))) return handleElasticsearch(r, sandbox.logs, LOG_INDEX, now)
    if ((r = at('/admin'))) return handleAdmin(r, sandbox)
    if (pathname === '/healthz') {
      return json(200, { status: 'ok', scenario: sandbox.scenario, traces: sandbox.traces.size, logs: sandbox.logs.size })
    }
    if (app) {
      if (pathname === '/traceboard.config.json') return json(200, buildDemoConfig(app.traces, app.real ? LOG_INDEX_PATTERN : LOG_INDEX, app.real ? 'opensearch' : undefined))
      if ((r = at('/api/traces'))) return dispatchApi(method, (app.traces === 'zipkin' ? '/zipkin' : '/jaeger') + r.path, query, body)
      if ((r = at('/api/logs'))) return dispatchApi(method, `/es${r.path}`, query, body)
    }
    return undefined
  }

  return (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox.local')
      const method = req.method ?? 'GET'
      const body = await readBody(req)
      if (body === undefined) return send(res, text(413, 'request body too large'))
      const metrics = /^\/metrics\/([^/]+)$/.exec(url.pathname)
      if (metrics && method === 'GET') {
        const out = await sandbox.metrics.render(decodeURIComponent(metrics[1] ?? ''))
        if (!out) return send(res, text(404, 'unknown service'))
        res.writeHead(200, { 'Content-Type': out.contentType })
        res.end(out.body)
        return
      }
      if (app && (url.pathname === '/api/metrics' || url.pathname.startsWith('/api/metrics/'))) {
        proxyTo(prometheusTarget(app.prometheusUrl), url.pathname.slice('/api/metrics'.length) || '/', url.search, req, body, res)
        return
      }
      const real = app?.real && realRoute(app.real, url.pathname)
      if (real) {
        proxyTo(real.target, real.path, url.search, req, body, res)
        return
      }
      const api = dispatchApi(method, url.pathname, url.searchParams, body.toString('utf8'))
      if (api) return send(res, api)
      if (app?.distDir && (method === 'GET' || method === 'HEAD')) {
        return serveStatic(app.distDir, url.pathname, res)
      }
      send(res, text(404, 'not found'))
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, text(500, `sandbox error: ${e instanceof Error ? e.message : String(e)}`))
      else res.destroy()
    })
  }
}

/** Listens on `host:port` (port 0: a free one) and resolves once listening. */
export async function startSandboxServer(options: SandboxServerOptions): Promise<RunningServer> {
  const server: Server = createServer(createSandboxHandler(options))
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
