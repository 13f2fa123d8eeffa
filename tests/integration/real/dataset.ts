import { bulkIndexLogs, putLogTemplate } from '../../../sandbox/logs/openSearchExport'
import { Sandbox } from '../../../sandbox/sandbox'
import { exportSpans } from '../../../sandbox/telemetry/realExport'
import { waitForTraces } from './waitForTraces'

/**
 * The one span and log set that every real-server test reads, and that the sandbox serves for
 * the parity checks: a seeded sandbox (fixed ids, fixed traffic), its clock frozen at `nowMs`,
 * 300 requests of the `error-burst` scenario over the ten minutes before. The same `nowMs`
 * gives the same spans and logs, in the global setup (which exports them to the real servers)
 * and in each test file (which rebuilds them to know what to expect).
 */
export function parityDataset(nowMs: number): Sandbox {
  const sandbox = new Sandbox({
    seed: 42,
    idSeed: 5,
    scenario: 'error-burst',
    ratePerS: 0,
    maxTraces: 1000,
    maxLogs: 50_000,
    clock: () => nowMs,
  })
  sandbox.warmUp(10 * 60_000, 300)
  return sandbox
}

export interface FeedTargets {
  zipkin: string
  jaeger: string
  jaegerOtlp: string
  opensearch: string
}

/**
 * Sends the parity dataset of `nowMs` to real servers: spans through the official exporters,
 * logs by `_bulk` under the ECS template, and waits until Jaeger has stored the last traces.
 * Returns the dataset's sandbox (the caller reads what to expect from it, then shuts it down).
 */
export async function feedParityDataset(nowMs: number, to: FeedTargets): Promise<Sandbox> {
  const sandbox = parityDataset(nowMs)
  const traces = [...sandbox.traces.all()]
  await exportSpans({ zipkin: to.zipkin, otlp: to.jaegerOtlp }, traces.flatMap((t) => t.spans))
  await putLogTemplate(to.opensearch)
  await bulkIndexLogs(to.opensearch, sandbox.logs.all().map((l) => ({ timeMs: l.timestampMs, doc: l.doc })))
  await waitForTraces(to.jaeger, new Map(traces.slice(-3).map((t) => [t.traceId, t.spans.length])))
  return sandbox
}
