import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignJWT } from 'jose'
import type { FastifyInstance } from 'fastify'
import { createGateway, type GatewayRuntime } from '../../gateway/createGateway'
import type { Env } from '../../gateway/config/resolveConfig'
import { sendJson, startTestServer, type Handler, type TestServer } from '../support/testServer'

/** Secrets of the test deployment: long enough to be scrubbed, distinctive enough to grep for. */
export const SECRETS = {
  jwt: 'jwt-signing-secret-0123456789abcdef',
  esApiKey: 'es-api-key-SECRET-7f3a9c1d',
  zipkinToken: 'zipkin-bearer-SECRET-5b2e8d',
  promUser: 'prom-reader',
  promPassword: 'prom-password-SECRET-91ac',
  hmac: 'hmac-key-SECRET-4e6f0b2a9d',
} as const

export const TEST_ENV: Env = {
  TB_JWT_SECRET: SECRETS.jwt,
  TB_ES_KEY: SECRETS.esApiKey,
  TB_ZIPKIN_TOKEN: SECRETS.zipkinToken,
  TB_PROM_USER: SECRETS.promUser,
  TB_PROM_PASSWORD: SECRETS.promPassword,
  TB_MASK_KEY: SECRETS.hmac,
}

export type Permission = 'metrics:read' | 'traces:read' | 'logs:read'
export const ALL_PERMISSIONS: Permission[] = ['metrics:read', 'traces:read', 'logs:read']

/** An HS256 token as the host would issue it. */
export async function tokenFor(user: string, permissions: readonly string[] = ALL_PERMISSIONS, secret: string = SECRETS.jwt): Promise<string> {
  return new SignJWT({ permissions: [...permissions] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret))
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  text: string
  json(): unknown
}

/**
 * A request sent byte-for-byte as given (fetch would resolve `..` and `%2e%2e` itself before
 * sending, hiding exactly what these tests need to send).
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        // Node sends DELETE bodies without framing unless told the length.
        headers: options.body === undefined ? options.headers : { 'content-length': String(Buffer.byteLength(options.body)), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown })
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

export interface RunningGateway {
  url: string
  app: FastifyInstance
  /** Every access-log line written so far. */
  logLines: string[]
  /** A request with a valid session for `user` (all permissions unless given). */
  as(user: string, permissions?: readonly Permission[]): Promise<(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }) => Promise<RawResponse>>
  close(): Promise<void>
}

/** Starts the gateway on 127.0.0.1 and a free port. */
export async function startGateway(config: unknown, runtime: GatewayRuntime = {}): Promise<RunningGateway> {
  const logLines: string[] = []
  const app = createGateway(config, { env: TEST_ENV, accessLog: (l) => logLines.push(l), ...runtime })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    app,
    logLines,
    async as(user, permissions = ALL_PERMISSIONS) {
      const token = await tokenFor(user, permissions)
      return (o) => rawRequest(url, { ...o, headers: { authorization: `Bearer ${token}`, ...o.headers } })
    },
    close: () => app.close(),
  }
}

/** A test upstream answering every request with `body` (JSON) and recording what it saw. */
export function startJsonUpstream(body: unknown = { ok: true }, status = 200, headers: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer((_req, res) => sendJson(res, status, body, headers))
}

export function startUpstream(handler: Handler): Promise<TestServer> {
  return startTestServer(handler)
}

/** A JWT identity with the shared HS256 test secret. */
export const JWT_IDENTITY = { type: 'jwt', secretEnv: 'TB_JWT_SECRET' } as const

/** A full config in front of three test upstreams. */
export function configFor(urls: { metrics?: string; traces?: string; logs?: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const backends: Record<string, unknown> = {}
  if (urls.metrics) backends.metrics = { url: urls.metrics, auth: { type: 'basic', usernameEnv: 'TB_PROM_USER', passwordEnv: 'TB_PROM_PASSWORD' } }
  if (urls.traces) backends.traces = { kind: 'zipkin', url: urls.traces, auth: { type: 'bearer', tokenEnv: 'TB_ZIPKIN_TOKEN' } }
  if (urls.logs) backends.logs = { url: urls.logs, indexPatterns: ['logs-*'], auth: { type: 'apiKey', keyEnv: 'TB_ES_KEY' } }
  return { identity: JWT_IDENTITY, backends, ...extra }
}
