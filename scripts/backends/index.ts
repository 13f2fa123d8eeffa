import type { BackendName, RunningBackend } from './common'
import { ensureJaeger, JAEGER_VERSION, startJaeger } from './jaeger'
import { ensureOpenSearch, OPENSEARCH_VERSION, startOpenSearch } from './opensearch'
import { ensureZipkin, startZipkin, ZIPKIN_VERSION } from './zipkin'

export { BACKEND_NAMES, isBackendName, type BackendName, type RunningBackend } from './common'

interface BackendEntry {
  version: string
  ensure(): Promise<string>
  start(): Promise<RunningBackend>
}

/** Every real upstream server the project runs, by name. */
export const BACKENDS: Record<BackendName, BackendEntry> = {
  jaeger: { version: JAEGER_VERSION, ensure: ensureJaeger, start: () => startJaeger() },
  zipkin: { version: ZIPKIN_VERSION, ensure: ensureZipkin, start: () => startZipkin() },
  opensearch: { version: OPENSEARCH_VERSION, ensure: ensureOpenSearch, start: () => startOpenSearch() },
}

/**
 * Starts the named servers one after the other (two cores: starting JVMs side by side only
 * slows both); if one fails, those already started are stopped before the error is thrown.
 */
export async function startBackends(names: readonly BackendName[]): Promise<RunningBackend[]> {
  const running: RunningBackend[] = []
  try {
    for (const name of names) running.push(await BACKENDS[name].start())
    return running
  } catch (e) {
    await stopBackends(running)
    throw e
  }
}

export async function stopBackends(running: readonly RunningBackend[]): Promise<void> {
  await Promise.all(running.map((b) => b.stop()))
}
