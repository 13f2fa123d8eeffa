import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveGatewayConfig } from '../../gateway/config/resolveConfig'
import { SECRETS, startJsonUpstream, TEST_ENV, tokenFor } from './gatewayHarness'
import type { TestServer } from '../support/testServer'

const repo = fileURLToPath(new URL('../../', import.meta.url))
const main = join(repo, 'gateway', 'main.ts')

interface Run {
  stdout: string
  stderr: string
  code: number | null
}

/** Runs `gateway/main.ts` under tsx; resolves on exit, or once it prints its listening line. */
function runMain(env: Record<string, string>, onListening?: (port: number) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let started = false
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /"event":"listening".*"port":(\d+)/.exec(stdout)
      if (m && !started && onListening) {
        started = true
        onListening(Number(m[1])).then(() => child.kill('SIGTERM'), (e: unknown) => {
          child.kill('SIGKILL')
          reject(e)
        })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ stdout, stderr, code })
    })
  })
}

describe('gateway/main.ts', () => {
  let dir: string
  let upstream: TestServer
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tb-gateway-main-'))
    upstream = await startJsonUpstream({ status: 'success', data: [] })
  })
  afterAll(async () => {
    await upstream.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('reads the config file named by TB_GATEWAY_CONFIG and the secrets from the environment, then serves', async () => {
    const file = join(dir, 'gateway.json')
    await writeFile(file, JSON.stringify({
      listen: { host: '127.0.0.1', port: 0 },
      identity: { type: 'jwt', secretEnv: 'TB_JWT_SECRET' },
      backends: { metrics: { url: upstream.url, auth: { type: 'bearer', tokenEnv: 'TB_ZIPKIN_TOKEN' } } },
    }))
    const token = await tokenFor('alice')
    let status = 0
    const run = await runMain({ TB_GATEWAY_CONFIG: file, TB_JWT_SECRET: SECRETS.jwt, TB_ZIPKIN_TOKEN: SECRETS.zipkinToken }, async (port) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/metrics/api/v1/query?query=up`, { headers: { authorization: `Bearer ${token}` } })
      status = r.status
    })
    expect(status).toBe(200)
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRETS.zipkinToken}`)
    expect(run.code).toBe(0)
    // One access-log line for the request, and no secret anywhere in the output.
    expect(run.stdout).toMatch(/"path":"\/api\/metrics\/api\/v1\/query","status":200/)
    for (const s of [SECRETS.jwt, SECRETS.zipkinToken]) expect(run.stdout + run.stderr).not.toContain(s)
  }, 30_000)

  it('exits 1 naming the bad fields and missing variables, without starting', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, JSON.stringify({ identity: { type: 'jwt', secretEnv: 'TB_JWT_SECRET' }, backends: { logs: { url: 'http://es:9200', indexPatterns: ['_all'] } } }))
    const run = await runMain({ TB_GATEWAY_CONFIG: file })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('backends.logs.indexPatterns[0]')
    const missing = await runMain({})
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('TB_GATEWAY_CONFIG')
  }, 30_000)

  it('the documented example config is valid', () => {
    const raw: unknown = JSON.parse(readFileSync(join(repo, 'gateway', 'example.config.json'), 'utf8'))
    const env = { ...TEST_ENV, TB_ES_API_KEY: SECRETS.esApiKey }
    expect(Object.keys(resolveGatewayConfig(raw, env).upstreams)).toEqual(['metrics', 'traces', 'logs'])
  })
})
