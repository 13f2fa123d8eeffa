import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { isAlive } from '../../../sandbox/processes'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'tb-backends-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

function refuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

interface StartedEntry {
  name: string
  url: string
  urls: Record<string, string>
  pid: number
}

describe('scripts/backends.ts start', () => {
  it('starts the servers on loopback, prints their URLs, and on SIGTERM stops every one of them', async () => {
    const stateFile = join(work, 'state.json')
    const cli = spawn(process.execPath, ['--import', 'tsx', 'scripts/backends.ts', 'start', 'jaeger', 'zipkin', '--state-file', stateFile], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    cli.stdout.on('data', (d: Buffer) => (output += d.toString()))
    cli.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const deadline = Date.now() + 90_000
    while (!existsSync(stateFile)) {
      if (cli.exitCode !== null) throw new Error(`backends.ts exited early:\n${output}`)
      if (Date.now() > deadline) throw new Error(`backends.ts not ready:\n${output}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StartedEntry[]
    expect(state.map((s) => s.name)).toEqual(['jaeger', 'zipkin'])
    const urls = state.flatMap((s) => [s.url, ...Object.values(s.urls)])
    for (const url of urls) expect(new URL(url).hostname).toBe('127.0.0.1')
    expect(output).toMatch(/jaeger 1\.75\.0: http:\/\/127\.0\.0\.1:\d+/)
    expect(output).toMatch(/zipkin 3\.6\.1: http:\/\/127\.0\.0\.1:\d+/)
    expect((await fetch(`${state[1]?.url}/api/v2/services`)).status).toBe(200)
    for (const s of state) expect(isAlive(s.pid), s.name).toBe(true)

    const exited = new Promise<number | null>((resolve) => cli.once('exit', (code) => resolve(code)))
    cli.kill('SIGTERM')
    expect(await exited).toBe(0)
    for (const s of state) expect(isAlive(s.pid), `${s.name} pid ${s.pid} still running`).toBe(false)
    for (const url of urls) expect(await refuses(url), url).toBe(true)
  })
})
