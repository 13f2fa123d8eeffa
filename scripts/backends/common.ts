/**
 * Shared plumbing for the real upstream servers (Jaeger, Zipkin, OpenSearch) that tests and the
 * demo run: a version-keyed cache outside the repo that is only ever trusted when complete, a
 * started server that stops with its whole process group, and readable install failures.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { stopGroup, waitForHttp } from '../../sandbox/processes'

export type BackendName = 'jaeger' | 'zipkin' | 'opensearch'
export const BACKEND_NAMES: readonly BackendName[] = ['jaeger', 'zipkin', 'opensearch']

export function isBackendName(v: string): v is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(v)
}

/** `TRACEBOARD_CACHE`, else `~/.cache/traceboard`: stable across clones, so CI reruns are warm. */
export function cacheRoot(): string {
  return process.env.TRACEBOARD_CACHE ?? join(homedir(), '.cache', 'traceboard')
}

const COMPLETE_MARK = '.complete'

/** An install step failed: says what failed and the command that retries it. */
export class BackendInstallError extends Error {
  constructor(what: string, detail: string, retry: string) {
    super(`${what} failed.\n${detail.trim().slice(-4000)}\nRetry with: ${retry}`)
    this.name = 'BackendInstallError'
  }
}

/**
 * The cached folder for `key` (e.g. `zipkin-3.6.1`), made by `build(tmpDir)` when missing.
 * `build` writes into a fresh temporary folder that is renamed into place only after it
 * succeeded and was marked complete, so an interrupted download is never trusted later.
 */
export async function cached(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const root = cacheRoot()
  const dir = join(root, key)
  if (existsSync(join(dir, COMPLETE_MARK))) return dir
  mkdirSync(root, { recursive: true })
  const tmp = join(root, `${key}.partial-${process.pid}-${Date.now()}`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp, { recursive: true })
  try {
    await build(tmp)
    writeFileSync(join(tmp, COMPLETE_MARK), new Date().toISOString() + '\n')
    rmSync(dir, { recursive: true, force: true }) // a half-written folder from an older script
    renameSync(tmp, dir)
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  return dir
}

/** Runs a command to completion; rejects with a BackendInstallError carrying its output. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; what: string; retry: string; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = options.timeoutMs
      ? setTimeout(() => {
          output += `\n(timed out after ${options.timeoutMs} ms)`
          child.kill('SIGKILL')
        }, options.timeoutMs)
      : undefined
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
    child.once('error', (e) => {
      if (timer) clearTimeout(timer)
      reject(new BackendInstallError(options.what, `${command}: ${e.message}`, options.retry))
    })
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new BackendInstallError(options.what, `${command} ${args.join(' ')} exited ${code ?? signal}\n${output}`, options.retry))
    })
  })
}

export interface RunningBackend {
  name: BackendName
  version: string
  /** Base URL of the API a client talks to (`http://127.0.0.1:<port>`). */
  url: string
  /** Extra URLs (Jaeger's OTLP receiver, …) by name. */
  urls: Record<string, string>
  pid: number
  /** From spawn to ready, ms. */
  startupMs: number
  logs(): string
  /** SIGTERM to the process group, SIGKILL after a grace period; safe to call twice. */
  stop(): Promise<void>
}

export interface StartSpec {
  name: BackendName
  version: string
  command: string
  args: readonly string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  url: string
  urls?: Record<string, string>
  /** URL polled until `ready(status, body)` holds. */
  readyUrl: string
  ready?: (status: number, body: string) => boolean
  readyTimeoutMs: number
  /** Run after stop (temp data dirs). */
  cleanup?: () => void
}

/** Spawns a server in its own process group and waits for readiness with a deadline. */
export async function startServer(spec: StartSpec): Promise<RunningBackend> {
  const started = Date.now()
  let output = ''
  const options: SpawnOptions = { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }
  const child: ChildProcess = spawn(spec.command, [...spec.args], options)
  const keep = (d: Buffer): void => {
    output += d.toString()
    if (output.length > 400_000) output = output.slice(-200_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let spawnError: Error | undefined
  child.once('error', (e) => (spawnError = e))
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    await stopGroup(child, 5000)
    spec.cleanup?.()
  }
  try {
    await waitForHttp(spec.readyUrl, spec.readyTimeoutMs, spec.ready, () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null)
  } catch (e) {
    await stop()
    const why = spawnError?.message ?? (e instanceof Error ? e.message : String(e))
    throw new Error(`${spec.name} ${spec.version} did not start: ${why}\n--- its output ---\n${output.slice(-4000)}`)
  }
  return {
    name: spec.name,
    version: spec.version,
    url: spec.url,
    urls: spec.urls ?? {},
    pid: child.pid ?? -1,
    startupMs: Date.now() - started,
    logs: () => output,
    stop,
  }
}

/** Java 17 from Debian unless JAVA_HOME says otherwise. */
export function javaBin(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java'
}
