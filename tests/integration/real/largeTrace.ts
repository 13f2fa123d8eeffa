import { ROOT_CONTEXT, SpanKind, trace, type Context } from '@opentelemetry/api'
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { SERVICES } from '../../../sandbox/model/topology'
import { mulberry32 } from '../../../sandbox/random'
import { msToHrTime } from '../../../sandbox/telemetry/hrTime'
import { SeededIdGenerator } from '../../../sandbox/telemetry/seededIdGenerator'
import { createServiceTracers } from '../../../sandbox/telemetry/serviceTracers'
import { SpanSink } from '../../../sandbox/telemetry/spanSink'

/**
 * One trace of `spanCount` spans made by the real OpenTelemetry SDK: a breadth-first tree (each
 * span has up to 8 children, the services taking turns), every child inside its parent's time,
 * so the servers' own clock-skew rules have nothing to move. Ends `endAgoMs` before now.
 */
export async function largeTrace(spanCount: number, options: { seed?: number; endAgoMs?: number } = {}): Promise<{ traceId: string; spans: ReadableSpan[] }> {
  const spans: ReadableSpan[] = []
  const tracers = createServiceTracers(new SpanSink((s) => spans.push(s)), new SeededIdGenerator(mulberry32(options.seed ?? 77)))
  const end = Date.now() - (options.endAgoMs ?? 60_000)
  const durationMs = 30_000
  type Node = { ctx: Context; startMs: number; endMs: number; depth: number; end(): void }
  const queue: Node[] = []
  let made = 0
  const open = (parent: Context, startMs: number, endMs: number, depth: number): Node => {
    const service = SERVICES[made % SERVICES.length] ?? 'api-gateway'
    const span = tracers.tracer(service, 'large-trace').startSpan(
      depth === 0 ? 'GET /api/orders/export' : `step-${depth}-${made}`,
      { kind: depth === 0 ? SpanKind.SERVER : SpanKind.INTERNAL, startTime: msToHrTime(startMs), attributes: { 'tb.index': made } },
      parent,
    )
    made++
    return { ctx: trace.setSpan(parent, span), startMs, endMs, depth, end: () => span.end(msToHrTime(endMs)) }
  }
  const root = open(ROOT_CONTEXT, end - durationMs, end, 0)
  queue.push(root)
  const opened: Node[] = [root]
  for (let i = 0; i < queue.length && made < spanCount; i++) {
    const parent = queue[i] as Node
    const children = Math.min(8, spanCount - made)
    const slot = (parent.endMs - parent.startMs) / children
    for (let c = 0; c < children; c++) {
      const start = parent.startMs + c * slot
      const child = open(parent.ctx, start + slot * 0.05, start + slot * 0.95, parent.depth + 1)
      queue.push(child)
      opened.push(child)
    }
  }
  for (const node of opened.reverse()) node.end()
  await tracers.shutdown()
  const traceId = spans[0]?.spanContext().traceId ?? ''
  return { traceId, spans }
}
