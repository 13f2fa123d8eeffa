import { ROOT_CONTEXT, SpanStatusCode, trace, type Context } from '@opentelemetry/api'
import { toLogDocument, type JsonObject } from '../logs/logDocument'
import type { PlannedSpan, RequestPlan } from '../model/requestPlan'
import { msToHrTime } from './hrTime'
import type { ServiceTracers } from './serviceTracers'

export interface EmittedRequest {
  traceId: string
  /** ECS log documents of the request, each carrying its span's trace and span id. */
  logs: { timeMs: number; doc: JsonObject }[]
}

/**
 * Replays a plan through the real OpenTelemetry SDK: each planned span becomes a span of its
 * service's tracer, started and ended at the planned times, with the parent passed as context
 * (the same propagation an instrumented HTTP call does through `traceparent`).
 */
export function emitPlan(tracers: ServiceTracers, plan: RequestPlan): EmittedRequest {
  const logs: EmittedRequest['logs'] = []
  const traceId = emitSpan(tracers, plan, plan.root, ROOT_CONTEXT, logs)
  return { traceId, logs }
}

function emitSpan(
  tracers: ServiceTracers,
  plan: RequestPlan,
  planned: PlannedSpan,
  parent: Context,
  logs: EmittedRequest['logs'],
): string {
  const span = tracers.tracer(planned.service, planned.scope).startSpan(
    planned.name,
    { kind: planned.kind, startTime: msToHrTime(planned.startMs), attributes: planned.attributes },
    parent,
  )
  const ctx = trace.setSpan(parent, span)
  for (const child of planned.children) emitSpan(tracers, plan, child, ctx, logs)
  for (const event of planned.events) span.addEvent(event.name, event.attributes, msToHrTime(event.timeMs))
  if (planned.status.code === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: planned.status.message })
  else if (planned.status.code === 'ok') span.setStatus({ code: SpanStatusCode.OK })
  const { traceId, spanId } = span.spanContext()
  for (const entry of planned.logs) {
    const doc = toLogDocument(entry, {
      service: planned.service,
      traceId,
      spanId,
      tenantId: plan.tenantId,
      customerId: plan.customerId,
    })
    logs.push({ timeMs: entry.timeMs, doc })
  }
  span.end(msToHrTime(planned.endMs))
  return traceId
}
