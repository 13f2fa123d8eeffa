import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { GatewayConfig } from '../config/configSchema'
import { GatewayError, sendGatewayError } from '../http/gatewayError'
import { buildRuntimeConfig } from './runtimeConfig'

const RUNTIME_CONFIG = 'traceboard.config.json'

function sendRuntimeConfig(config: GatewayConfig, reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(JSON.stringify(buildRuntimeConfig(config)))
}

/**
 * `/traceboard.config.json`, the built app from `static.root` (hashed assets cached for a
 * year, index.html revalidated) and the SPA fallback: a GET for a path without a file
 * extension outside `/api/` gets index.html, so deep links into the app's routes work.
 * `refuseApi` answers `/api/*` requests in a method the router does not route.
 */
export function serveApp(app: FastifyInstance, config: GatewayConfig, baseDir: string, refuseApi: (request: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  app.get(`/${RUNTIME_CONFIG}`, (_request, reply) => sendRuntimeConfig(config, reply))

  const root = config.static ? resolve(baseDir, config.static.root) : undefined
  if (root !== undefined) {
    if (!existsSync(join(root, 'index.html'))) throw new Error(`static.root ${root} has no index.html (run npm run build first)`)
    void app.register(fastifyStatic, {
      root,
      dotfiles: 'deny',
      setHeaders: (reply, path) => {
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = (request.raw.url ?? '').split('?')[0] ?? ''
    // Under /api/ only a method the router does not route gets here; `refuseApi` answers it.
    if (path.startsWith('/api/')) return refuseApi(request, reply)
    if (path === '/api') {
      sendGatewayError(reply, new GatewayError(404, 'not_found', 'no such API'))
      return reply
    }
    const isRead = request.method === 'GET' || request.method === 'HEAD'
    // The app fetches its config relative to the current route (`/monitoring/x/traceboard.config.json`).
    if (isRead && path.endsWith(`/${RUNTIME_CONFIG}`)) return sendRuntimeConfig(config, reply)
    const last = path.slice(path.lastIndexOf('/') + 1)
    if (root !== undefined && isRead && path.startsWith('/') && !last.includes('.')) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    sendGatewayError(reply, new GatewayError(404, 'not_found', 'not found'))
    return reply
  })
}
