import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, isAlive } from '../../sandbox/processes'

export interface DemoState {
  url: string
  port: number
  prometheusUrl: string
  pids: { demo: number; sandbox: number; prometheus: number; jaeger?: number; zipkin?: number; opensearch?: number }
  /** `--backends=real`: the real servers' URLs by name. */
  real?: Record<string, string>
  tempDir: string
  startupMs: number
}

export interface RunningDemo {
  base: string
  state: DemoState
  output(): string
  setScenario(name: string): Promise<void>
  /** Kills Prometheus (the metrics backend goes away; everything else keeps running). */
  stopPrometheus(): Promise<void>
  /** Starts Prometheus again with its own command line and data dir. */
  restartPrometheus(): Promise<void>
  /** SIGTERM to the demo; resolves with its exit code once it (and its cleanup) finished. */
  stop(): Promise<number | null>
}

const root = fileURLToPath(new URL('../../', import.meta.url))

/** `npm run demo` as a user runs it (host demo app included), on a free port. */
export async function startDemo(args: string[] = []): Promise<RunningDemo> {
  const work = mkdtempSync(join(tmpdir(), 'tb-e2e-demo-'))
  const stateFile = join(work, 'state.json')
  const port = await freePort()
  let output = ''
  const demo: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--state-file', stateFile, ...args], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  demo.stdout?.on('data', (c: Buffer) => (output += c.toString()))
  demo.stderr?.on('data', (c: Buffer) => (output += c.toString()))
  const deadline = Date.now() + 150_000
  while (!existsSync(stateFile)) {
    if (demo.exitCode !== null) throw new Error(`demo exited early:\n${output}`)
    if (Date.now() > deadline) throw new Error(`demo not ready:\n${output}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as DemoState
  const base = `http://127.0.0.1:${state.port}`
  let promArgs: string[] = readFileSync(`/proc/${state.pids.prometheus}/cmdline`, 'utf8').split('\0').filter(Boolean)
  let prometheus: ChildProcess | undefined

  async function waitGone(pid: number): Promise<void> {
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100))
  }

  return {
    base,
    state,
    output: () => output,
    async setScenario(name) {
      const res = await fetch(`${base}/admin/scenario`, { method: 'POST', body: JSON.stringify({ name }) })
      if (!res.ok) throw new Error(`scenario ${name}: HTTP ${res.status}`)
    },
    async stopPrometheus() {
      const pid = prometheus?.pid ?? state.pids.prometheus
      process.kill(pid, 'SIGTERM')
      await waitGone(pid)
    },
    async restartPrometheus() {
      const [cmd, ...rest] = promArgs
      if (!cmd) throw new Error('no prometheus command line')
      prometheus = spawn(cmd, rest, { stdio: 'ignore' })
      promArgs = [cmd, ...rest]
      for (let i = 0; i < 100; i++) {
        const ok = await fetch(`${state.prometheusUrl}/-/ready`).then((r) => r.ok, () => false)
        if (ok) return
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error('prometheus did not come back')
    },
    async stop() {
      if (prometheus?.pid && isAlive(prometheus.pid)) prometheus.kill('SIGTERM')
      if (demo.exitCode === null) {
        demo.kill('SIGTERM')
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            demo.kill('SIGKILL')
            resolve()
          }, 10_000)
          demo.once('exit', () => {
            clearTimeout(t)
            resolve()
          })
        })
      }
      rmSync(work, { recursive: true, force: true })
      return demo.exitCode
    },
  }
}
