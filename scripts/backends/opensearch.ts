/**
 * A real OpenSearch single node for integration tests and the demo, built only from Maven Central
 * jars: OpenSearch core plus the transport-netty4, analysis-common and painless module plugins,
 * started by our own small launcher (scripts/backends/opensearch-launcher). No distribution
 * download, no Docker, no security plugin; HTTP and transport both bound to 127.0.0.1.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../sandbox/processes'
import { BackendInstallError, cached, javaBin, run, startServer, type RunningBackend } from './common'

export const OPENSEARCH_VERSION = '2.19.6'

const LAUNCHER_DIR = fileURLToPath(new URL('./opensearch-launcher', import.meta.url))
const LAUNCHER_JAR = `opensearch-launcher-${OPENSEARCH_VERSION}.jar`
const RETRY = 'npx tsx scripts/backends.ts install opensearch'

/** Files that make up the launcher project (pom + sources), sorted, without build output. */
function launcherFiles(dir = LAUNCHER_DIR): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'target' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...launcherFiles(path))
    else if (entry.isFile()) out.push(path)
  }
  return out.sort()
}

/** Short hash of the launcher project, so editing the pom or the launcher rebuilds the cache. */
export function launcherHash(): string {
  const h = createHash('sha256')
  for (const file of launcherFiles()) {
    h.update(relative(LAUNCHER_DIR, file).split('\\').join('/'))
    h.update('\0')
    h.update(readFileSync(file))
    h.update('\0')
  }
  return h.digest('hex').slice(0, 12)
}

/** The cache key of the current launcher build (`opensearch-2.19.6-<hash>`). */
export function openSearchCacheKey(): string {
  return `opensearch-${OPENSEARCH_VERSION}-${launcherHash()}`
}

/** Tools the install and the node need but that are not on this machine (`java`, `mvn`). */
export function missingOpenSearchTools(): string[] {
  const missing: string[] = []
  const works = (command: string, args: string[]): boolean => {
    const r = spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 })
    return r.error === undefined && r.status === 0
  }
  if (!works(javaBin(), ['-version'])) missing.push('java')
  if (!works('mvn', ['-v'])) missing.push('mvn')
  return missing
}

/**
 * The cached folder holding `lib/` (every jar of the node's class path, the launcher's own
 * included); built with Maven on first use. The build runs out of tree (Maven's build directory
 * is a temporary folder), so the repo never gets a `target/`.
 */
export async function ensureOpenSearch(): Promise<string> {
  return cached(openSearchCacheKey(), async (dir) => {
    const lib = join(dir, 'lib')
    mkdirSync(lib, { recursive: true })
    const buildDir = mkdtempSync(join(tmpdir(), 'traceboard-opensearch-build-'))
    try {
      await run(
        'mvn',
        [
          '-B',
          '-q',
          '-f',
          join(LAUNCHER_DIR, 'pom.xml'),
          `-Dlauncher.buildDir=${buildDir}`,
          'package',
          'dependency:copy-dependencies',
          `-DoutputDirectory=${lib}`,
        ],
        {
          what: `Building the OpenSearch ${OPENSEARCH_VERSION} launcher (Maven: resolve jars from Maven Central, compile)`,
          retry: RETRY,
          timeoutMs: 15 * 60_000,
        },
      )
      try {
        copyFileSync(join(buildDir, LAUNCHER_JAR), join(lib, LAUNCHER_JAR))
      } catch (e) {
        throw new BackendInstallError(`Copying ${LAUNCHER_JAR} into the cache`, e instanceof Error ? e.message : String(e), RETRY)
      }
    } finally {
      rmSync(buildDir, { recursive: true, force: true })
    }
  })
}

export interface OpenSearchOptions {
  /** Java heap (-Xms = -Xmx), MB; default 512. */
  heapMb?: number
  /** Spawn to yellow cluster health, ms; default 90 000. */
  readyTimeoutMs?: number
}

/** Starts a fresh single node (empty data folder, removed on stop) on free loopback ports. */
export async function startOpenSearch(options: OpenSearchOptions = {}): Promise<RunningBackend> {
  const dir = await ensureOpenSearch()
  const heapMb = options.heapMb ?? 512
  const httpPort = await freePort()
  let transportPort = await freePort()
  while (transportPort === httpPort) transportPort = await freePort()
  const home = mkdtempSync(join(tmpdir(), 'traceboard-opensearch-'))
  const javaTmp = join(home, 'tmp')
  mkdirSync(javaTmp)
  const url = `http://127.0.0.1:${httpPort}`
  return startServer({
    name: 'opensearch',
    version: OPENSEARCH_VERSION,
    command: javaBin(),
    args: [
      `-Xms${heapMb}m`,
      `-Xmx${heapMb}m`,
      '-XX:+UseSerialGC',
      '-Xss1m',
      '-Djava.awt.headless=true',
      '-Dfile.encoding=UTF-8',
      `-Djava.io.tmpdir=${javaTmp}`,
      '-Dlog4j2.formatMsgNoLookups=true',
      '-cp',
      `${join(dir, 'lib')}/*`,
      'traceboard.OpenSearchLauncher',
      `--home=${home}`,
      `--http-port=${httpPort}`,
      `--transport-port=${transportPort}`,
    ],
    url,
    urls: { transport: `127.0.0.1:${transportPort}` },
    readyUrl: `${url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
    ready: (status) => status === 200,
    readyTimeoutMs: options.readyTimeoutMs ?? 90_000,
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  })
}
