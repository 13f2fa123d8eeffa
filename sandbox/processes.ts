import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { createServer } from 'node:net'

/**
 * Starts a child in its own process group (`detached`), so stopping it can signal the whole
 * group: a `node --import tsx` child and anything it spawns go together, no orphans.
 */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  return spawn(command, [...args], { ...options, detached: true })
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * SIGTERM to the child's process group, SIGKILL after `graceMs`, resolved once the child has
 * exited. Safe to call twice or on an already-exited child.
 */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const pid = child.pid
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pid, s)
    } catch {
      try {
        child.kill(s)
      } catch {
        // already gone
      }
    }
  }
  signal('SIGTERM')
  const timer = setTimeout(() => signal('SIGKILL'), graceMs)
  await exited
  clearTimeout(timer)
  // Stragglers in the group (a grandchild that ignored SIGTERM) go too.
  signal('SIGKILL')
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/** True when something already listens on `port` at 127.0.0.1. */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(true))
    srv.listen(port, host, () => srv.close(() => resolve(false)))
  })
}

/** Polls `url` until `ready(status, body)` holds, or rejects after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  ready: (status: number, body: string) => boolean = (s) => s === 200,
  isGone: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (isGone()) throw new Error(`process behind ${url} exited`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      const body = await res.text()
      if (ready(res.status, body)) return
      last = `HTTP ${res.status}`
    } catch (e) {
      last = e instanceof Error ? e.message : String(e)
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`)
}
