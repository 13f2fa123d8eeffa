import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BackendInstallError, cached, run } from '../../scripts/backends/common'

let root: string
const saved = process.env.TRACEBOARD_CACHE

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tb-cache-test-'))
  process.env.TRACEBOARD_CACHE = root
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
  if (saved === undefined) delete process.env.TRACEBOARD_CACHE
  else process.env.TRACEBOARD_CACHE = saved
})

describe('the backend cache', () => {
  it('builds once, then trusts the completed folder without building again', async () => {
    let builds = 0
    const build = async (dir: string): Promise<void> => {
      builds++
      writeFileSync(join(dir, 'server.jar'), 'x')
    }
    const first = await cached('thing-1.0', build)
    const second = await cached('thing-1.0', build)
    expect(second).toBe(first)
    expect(builds).toBe(1)
    expect(readdirSync(first).sort()).toEqual(['.complete', 'server.jar'])
  })

  it('leaves nothing behind when a build fails, so the next run builds again', async () => {
    const failing = (dir: string): Promise<void> => {
      writeFileSync(join(dir, 'half-downloaded.jar'), 'x')
      return Promise.reject(new Error('connection reset'))
    }
    await expect(cached('thing-2.0', failing)).rejects.toThrow('connection reset')
    expect(readdirSync(root)).toEqual([])
    const dir = await cached('thing-2.0', async (d) => writeFileSync(join(d, 'ok'), 'y'))
    expect(existsSync(join(dir, 'ok'))).toBe(true)
  })

  it('does not trust a folder an older, interrupted script left without its completion mark', async () => {
    const stale = join(root, 'thing-3.0')
    await cached('thing-3.0', async (d) => writeFileSync(join(d, 'good'), 'z'))
    rmSync(join(stale, '.complete'))
    writeFileSync(join(stale, 'junk'), 'j')
    const dir = await cached('thing-3.0', async (d) => writeFileSync(join(d, 'good'), 'z'))
    expect(readdirSync(dir).sort()).toEqual(['.complete', 'good'])
  })

  it('says what failed and how to retry when a command fails', async () => {
    const failure = run('sh', ['-c', 'echo "could not resolve io.zipkin:zipkin-server" >&2; exit 3'], {
      what: 'downloading zipkin-server',
      retry: 'npx tsx scripts/backends.ts install zipkin',
    })
    await expect(failure).rejects.toBeInstanceOf(BackendInstallError)
    await expect(failure).rejects.toThrow(/downloading zipkin-server failed[\s\S]*exited 3[\s\S]*could not resolve[\s\S]*Retry with: npx tsx scripts\/backends.ts install zipkin/)
  })

  it('names a missing tool as the failure, not a crash', async () => {
    await expect(run('no-such-tool-here', [], { what: 'building jaeger', retry: 'retry-cmd' })).rejects.toThrow(/building jaeger failed[\s\S]*ENOENT[\s\S]*Retry with: retry-cmd/)
  })
})
