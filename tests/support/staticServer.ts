import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import { startTestServer, type TestServer } from './testServer'
import type { IncomingHttpHeaders, ServerResponse } from 'node:http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
}

export type ApiHandler = (url: string, res: ServerResponse, method: string, body: string, headers: IncomingHttpHeaders) => boolean

/**
 * Serves a built app (SPA fallback to index.html) and lets a test answer API paths itself,
 * the way the gateway does in production.
 */
export function serveBuiltApp(distDir: string, api: ApiHandler = () => false): Promise<TestServer> {
  return startTestServer((req, res) => {
    if (api(req.url, res, req.method, req.body, req.headers)) return
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/')
    const file = normalize(join(distDir, path))
    const inside = file.startsWith(distDir)
    void (async () => {
      try {
        if (!inside || !extname(file)) throw new Error('fallback')
        const body = await readFile(file)
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
        res.end(body)
      } catch {
        if (extname(path) && path !== '/index.html') {
          res.writeHead(404).end()
          return
        }
        res.writeHead(200, { 'Content-Type': TYPES['.html'] })
        res.end(await readFile(join(distDir, 'index.html')))
      }
    })()
  })
}
