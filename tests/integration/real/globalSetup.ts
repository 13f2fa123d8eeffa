import type { TestProject } from 'vitest/node'
import { BACKEND_NAMES, startBackends, stopBackends } from '../../../scripts/backends/index'
import { feedParityDataset } from './dataset'

export interface RealBackendsContext {
  nowMs: number
  zipkin: string
  jaeger: string
  jaegerOtlp: string
  opensearch: string
  versions: Record<string, string>
}

declare module 'vitest' {
  export interface ProvidedContext {
    realBackends: RealBackendsContext
  }
}

/**
 * Starts real Jaeger v2, Zipkin 3 and OpenSearch 2.19 once for the `backends` project (built or
 * downloaded into the cache by scripts/backends on first use) and sends them the parity
 * dataset through the official exporters and `_bulk`. A missing toolchain or a failed
 * download fails the run: these tests never skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now()
  const running = await startBackends(BACKEND_NAMES)
  const by = Object.fromEntries(running.map((b) => [b.name, b]))
  const zipkin = by.zipkin
  const jaeger = by.jaeger
  const opensearch = by.opensearch
  if (!zipkin || !jaeger || !opensearch) throw new Error('a real backend did not start')
  try {
    const nowMs = Date.now()
    const jaegerOtlp = jaeger.urls.otlpHttp ?? ''
    const sandbox = await feedParityDataset(nowMs, { zipkin: zipkin.url, jaeger: jaeger.url, jaegerOtlp, opensearch: opensearch.url })
    const spanCount = [...sandbox.traces.all()].reduce((n, t) => n + t.spans.length, 0)
    await sandbox.shutdown()
    project.provide('realBackends', {
      nowMs,
      zipkin: zipkin.url,
      jaeger: jaeger.url,
      jaegerOtlp,
      opensearch: opensearch.url,
      versions: Object.fromEntries(running.map((b) => [b.name, b.version])),
    })
    const startups = running.map((b) => `${b.name} ${b.version} ${(b.startupMs / 1000).toFixed(1)} s`).join(', ')
    console.log(`real backends ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${startups}); ${spanCount} spans exported`)
  } catch (e) {
    await stopBackends(running)
    throw e
  }
  return () => stopBackends(running)
}
