import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Serves the built app: files under `distDir`, `index.html` for any other path without an
 * extension (the SPA's routes), 404 for missing assets. Paths can never leave `distDir`.
 */
export async function serveStatic(distDir: string, pathname: string, res: ServerResponse): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    res.writeHead(400).end('bad path')
    return
  }
  const root = normalize(distDir + sep)
  const file = normalize(join(root, decoded))
  if (file.startsWith(root) && extname(file) !== '') {
    try {
      if ((await stat(file)).isFile()) {
        const immutable = decoded.startsWith('/assets/')
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        })
        res.end(await readFile(file))
        return
      }
    } catch {
      // fall through to 404 / SPA fallback
    }
  }
  if (extname(decoded) !== '' && decoded !== '/index.html') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found')
    return
  }
  try {
    const html = await readFile(join(root, 'index.html'))
    res.writeHead(200, { 'Content-Type': TYPES['.html'] ?? 'text/html', 'Cache-Control': 'no-cache' }).end(html)
  } catch {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`the app is not built in ${distDir}: run npm run build`)
  }
}

const FORWARDED_HEADERS = ['accept', 'content-type', 'content-length', 'accept-encoding']

/** How a proxied backend answers when it is not there: its own error envelope, never a blank panel. */
export interface ProxyTarget {
  /** Base URL; undefined: the backend is not running in this demo. */
  url: string | undefined
  name: string
  /** What to say when `url` is undefined. */
  absent: string
  /** The 503 body a client of this backend reads as "unavailable". */
  unavailable(why: string): { contentType: string; body: string }
}

export function prometheusTarget(url: string | undefined): ProxyTarget {
  return {
    url,
    name: 'Prometheus',
    absent: 'Prometheus is not running in this demo (install it: apt-get install -y --no-install-recommends prometheus)',
    unavailable: (why) => ({ contentType: 'application/json; charset=utf-8', body: JSON.stringify({ status: 'error', errorType: 'unavailable', error: why }) }),
  }
}

/** A real trace or log server (`--backends=real`): a plain-text 503, as a reverse proxy would send. */
export function realServerTarget(name: string, url: string): ProxyTarget {
  return { url, name, absent: `${name} is not running`, unavailable: (why) => ({ contentType: 'text/plain; charset=utf-8', body: why }) }
}

/**
 * Forwards a request (`/api/<backend>/<rest>` → `<target>/<rest>`), streaming the answer back.
 * A backend that is absent or unreachable answers 503 in its own error shape, so the panel says
 * "unreachable" instead of going blank.
 */
export function proxyTo(target: ProxyTarget, path: string, search: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const unavailable = (why: string): void => {
    const answer = target.unavailable(why)
    res.writeHead(503, { 'Content-Type': answer.contentType })
    res.end(answer.body)
  }
  if (!target.url) {
    unavailable(target.absent)
    return
  }
  const url = new URL(path + search, target.url)
  const headers: Record<string, string> = {}
  for (const name of FORWARDED_HEADERS) {
    const v = req.headers[name]
    if (typeof v === 'string') headers[name] = v
  }
  const upstream = httpRequest(url, { method: req.method, headers }, (up) => {
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(up.headers)) {
      if (typeof v === 'string' && k !== 'connection' && k !== 'transfer-encoding') out[k] = v
    }
    res.writeHead(up.statusCode ?? 502, out)
    up.pipe(res)
  })
  upstream.on('error', (e) => {
    if (!res.headersSent) unavailable(`${target.name} at ${target.url} is unreachable: ${e.message}`)
    else res.destroy()
  })
  upstream.end(body)
}
