import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import type { JsonObject } from '../logs/logDocument'
import { bulkIndexLogs, putLogTemplate } from '../logs/openSearchExport'
import type { TelemetryForward } from '../sandbox'
import { exportInBatches, realExporters, type RealTraceTargets } from './realExport'

export interface RealForwarderTargets extends RealTraceTargets {
  /** OpenSearch/Elasticsearch base URL for the ECS logs. */
  logs?: string
}

/**
 * Sends the sandbox's released telemetry to real servers every `intervalMs`, as a service's
 * batch span processor and a log shipper would. A send that fails (a server stopped) is
 * reported once per outage and dropped: the demo keeps running, like an instrumented app does.
 */
export class RealForwarder implements TelemetryForward {
  private spans: ReadableSpan[] = []
  private logs: { timeMs: number; doc: JsonObject }[] = []
  private timer: NodeJS.Timeout | undefined
  private sending: Promise<void> = Promise.resolve()
  private failing = new Set<string>()
  /** One exporter per server for the forwarder's life, as an instrumented service keeps it. */
  private readonly exporters: ReturnType<typeof realExporters>

  constructor(
    private readonly targets: RealForwarderTargets,
    private readonly report: (line: string) => void = (line) => console.error(line),
  ) {
    this.exporters = realExporters(targets)
  }

  /** Installs the log index template (before any document, so the mapping applies). */
  async prepare(): Promise<void> {
    if (this.targets.logs) await putLogTemplate(this.targets.logs)
  }

  span(span: ReadableSpan): void {
    this.spans.push(span)
  }

  log(timeMs: number, doc: JsonObject): void {
    this.logs.push({ timeMs, doc })
  }

  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs)
    this.timer.unref()
  }

  /** Sends what is pending; waits for any send already running first. */
  flush(): Promise<void> {
    this.sending = this.sending.then(() => this.sendPending())
    return this.sending
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await this.flush()
    await Promise.all(this.exporters.map((e) => e.exporter.shutdown()))
  }

  private async sendPending(): Promise<void> {
    const spans = this.spans
    const logs = this.logs
    this.spans = []
    this.logs = []
    const sends: [string, () => Promise<void>][] = spans.length ? this.exporters.map(({ name, exporter }) => [name, () => exportInBatches(exporter, spans)]) : []
    const logTarget = this.targets.logs
    if (logs.length && logTarget) sends.push(['opensearch', () => bulkIndexLogs(logTarget, logs, 5000, false)])
    await Promise.all(
      sends.map(async ([name, send]) => {
        try {
          await send()
          if (this.failing.delete(name)) this.report(`sandbox: sending telemetry to ${name} works again`)
        } catch (e) {
          if (!this.failing.has(name)) this.report(`sandbox: cannot send telemetry to ${name} (${e instanceof Error ? e.message : String(e)}); dropping it until it answers`)
          this.failing.add(name)
        }
      }),
    )
  }
}
