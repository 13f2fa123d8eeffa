/**
 * Zipkin 3 server (in-memory storage), the executable jar from Maven Central, pinned. Armeria
 * binds every configured port; the whole `armeria.ports[0]` entry is set so it is 127.0.0.1 only.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { freePort } from '../../sandbox/processes'
import { cached, javaBin, run, startServer, type RunningBackend } from './common'

export const ZIPKIN_VERSION = '3.6.1'
const RETRY = 'npx tsx scripts/backends.ts install zipkin'

/** The cached exec jar, downloaded by Maven when missing. */
export async function ensureZipkin(): Promise<string> {
  const dir = await cached(`zipkin-${ZIPKIN_VERSION}`, async (tmp) => {
    await run(
      'mvn',
      ['-B', '-q', 'dependency:copy', `-Dartifact=io.zipkin:zipkin-server:${ZIPKIN_VERSION}:jar:exec`, `-DoutputDirectory=${tmp}`],
      { what: `downloading zipkin-server ${ZIPKIN_VERSION} (Maven)`, retry: RETRY, cwd: tmp, timeoutMs: 15 * 60_000 },
    )
  })
  const jar = readdirSync(dir).find((f) => f.endsWith('-exec.jar'))
  if (!jar) throw new Error(`no zipkin exec jar in ${dir}: remove the folder and run ${RETRY}`)
  return join(dir, jar)
}

export async function startZipkin(options: { readyTimeoutMs?: number } = {}): Promise<RunningBackend> {
  const jar = await ensureZipkin()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  return startServer({
    name: 'zipkin',
    version: ZIPKIN_VERSION,
    command: javaBin(),
    args: [
      '-Xms128m',
      '-Xmx384m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-jar',
      jar,
      `--armeria.ports[0].port=${port}`,
      '--armeria.ports[0].ip=127.0.0.1',
      '--armeria.ports[0].protocols=http',
    ],
    env: { ...process.env, STORAGE_TYPE: 'mem', QUERY_LOG_LEVEL: 'WARN' },
    url,
    readyUrl: `${url}/health`,
    readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
  })
}
