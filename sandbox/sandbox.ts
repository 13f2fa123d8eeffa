import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { dailyFactor } from './backfill/trafficShape'
import type { JsonObject } from './logs/logDocument'
import { factsFromReadable } from './metrics/spanFacts'
import { ServiceMetrics } from './metrics/serviceMetrics'
import { planRequest } from './model/planRequest'
import { isScenarioName, type ScenarioName } from './model/scenarios'
import { deriveSeed, mulberry32, poissonGapMs, type Random } from './random'
import { LogStore } from './store/logStore'
import { ReleaseQueue } from './store/releaseQueue'
import { TraceStore } from './store/traceStore'
import { emitPlan } from './telemetry/emitPlan'
import { hrTimeToMs } from './telemetry/hrTime'
import { SeededIdGenerator } from './telemetry/seededIdGenerator'
import { createServiceTracers, type ServiceTracers } from './telemetry/serviceTracers'
import { SpanSink } from './telemetry/spanSink'

export interface SandboxOptions {
  /** Seeds the traffic shape (routes, tenants, latencies, failures, arrival times). */
  seed: number
  scenario: ScenarioName
  /** Requests per second entering api-gateway (a Poisson process), at the daily peak. */
  ratePerS: number
  /** Multiplier of `ratePerS` at a time (default: the daily rhythm of the backfilled history). */
  rateShape?: (epochMs: number) => number
  maxTraces: number
  maxLogs: number
  /** Seeds trace/span ids; defaults to a value derived from `seed` and the start time. */
  idSeed?: number
  /** `trace_id` exemplars on the spanmetrics histogram (OpenMetrics exposition). */
  exemplars?: boolean
  clock?: () => number
  /** Also hands every released span and log record on (to real servers: `--backends=real`). */
  forward?: TelemetryForward
}

export interface TelemetryForward {
  span(span: ReadableSpan): void
  log(timeMs: number, doc: JsonObject): void
}

type Release = { kind: 'span'; span: ReadableSpan; metrics: boolean } | { kind: 'log'; timeMs: number; doc: JsonObject }

/** How far behind the clock the arrival process may fall before it skips ahead (e.g. after a suspend). */
const MAX_CATCH_UP_MS = 5000

/**
 * The simulated company: plans requests, emits them through the OpenTelemetry SDK, and makes
 * each span and log line readable (stores, metrics) only once the wall clock reaches its time,
 * so a live 8-second request shows up 8 seconds after it started, as with a real exporter.
 */
export class Sandbox {
  readonly traces: TraceStore
  readonly logs: LogStore
  readonly metrics: ServiceMetrics
  private current: ScenarioName
  private readonly planRng: Random
  private readonly arrivalRng: Random
  private readonly tracers: ServiceTracers
  private readonly queue = new ReleaseQueue<Release>()
  private readonly clock: () => number
  private recordingMetrics = true
  private nextArrivalMs: number | undefined
  private timer: NodeJS.Timeout | undefined

  constructor(private readonly options: SandboxOptions) {
    this.traces = new TraceStore(options.maxTraces)
    this.logs = new LogStore(options.maxLogs)
    this.metrics = new ServiceMetrics(options.exemplars ?? false)
    this.current = options.scenario
    this.clock = options.clock ?? Date.now
    this.planRng = mulberry32(deriveSeed(options.seed, 'plans'))
    this.arrivalRng = mulberry32(deriveSeed(options.seed, 'arrivals'))
    const idSeed = options.idSeed ?? deriveSeed(options.seed, `ids-${this.clock()}`)
    const sink = new SpanSink((span) => {
      this.queue.push(hrTimeToMs(span.endTime), { kind: 'span', span, metrics: this.recordingMetrics })
    })
    this.tracers = createServiceTracers(sink, new SeededIdGenerator(mulberry32(idSeed)))
  }

  get scenario(): ScenarioName {
    return this.current
  }

  /** Switches the incident scenario for every request planned from now on. */
  setScenario(name: string): ScenarioName {
    if (!isScenarioName(name)) throw new Error(`unknown scenario ${JSON.stringify(name)}`)
    this.current = name
    return name
  }

  /**
   * Simulates one request entering the gateway at `startMs` and returns its trace id. With
   * `metrics: false` its spans go to the trace store only (history comes from the backfill).
   */
  simulate(startMs: number, options: { metrics?: boolean } = {}): string {
    const plan = planRequest(this.planRng, this.current, startMs)
    this.recordingMetrics = options.metrics ?? true
    try {
      const emitted = emitPlan(this.tracers, plan)
      for (const log of emitted.logs) this.queue.push(log.timeMs, { kind: 'log', timeMs: log.timeMs, doc: log.doc })
      return emitted.traceId
    } finally {
      this.recordingMetrics = true
    }
  }

  /**
   * Fills the trace and log stores with `count` requests spread over the `durationMs` before
   * now, so the first page load has recent traces and logs. Metrics are left to the backfill.
   */
  warmUp(durationMs: number, count: number): void {
    const now = this.clock()
    const end = now - 15_000
    const start = end - durationMs
    for (let i = 0; i < count; i++) this.simulate(start + ((end - start) * (i + 0.5)) / count, { metrics: false })
    this.release(now)
  }

  /** Makes everything whose time has come readable: spans to the store and metrics, logs to the index. */
  release(nowMs = this.clock()): void {
    for (const item of this.queue.drain(nowMs)) {
      if (item.kind === 'span') {
        this.traces.add(item.span)
        if (item.metrics) this.metrics.record(factsFromReadable(item.span))
        this.options.forward?.span(item.span)
      } else {
        this.logs.add(item.timeMs, item.doc)
        this.options.forward?.log(item.timeMs, item.doc)
      }
    }
  }

  /** One step of live traffic: start the requests that have arrived, release what is due. */
  tick(nowMs = this.clock()): void {
    if (this.options.ratePerS > 0) {
      if (this.nextArrivalMs === undefined || this.nextArrivalMs < nowMs - MAX_CATCH_UP_MS) this.nextArrivalMs = nowMs
      while (this.nextArrivalMs <= nowMs) {
        this.simulate(this.nextArrivalMs)
        const shape = (this.options.rateShape ?? dailyFactor)(this.nextArrivalMs)
        this.nextArrivalMs += poissonGapMs(this.arrivalRng, Math.max(1e-3, this.options.ratePerS * shape))
      }
    }
    this.release(nowMs)
  }

  /** Starts live traffic in real time. */
  start(tickMs = 100): void {
    if (this.timer) return
    this.timer = setInterval(() => this.tick(), tickMs)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  async shutdown(): Promise<void> {
    this.stop()
    await this.tracers.shutdown()
  }
}
