import type { Attributes, SpanKind } from '@opentelemetry/api'
import type { ServiceName } from './topology'

/**
 * One simulated request as plain data, before any telemetry exists. The live simulator turns a
 * plan into real OpenTelemetry spans and log records; the backfill turns the same plans into
 * metric samples, so history and live traffic have one shape.
 */
export interface RequestPlan {
  root: PlannedSpan
  tenantId: string
  customerId: string
  /** Status the gateway answered. */
  statusCode: number
}

export type PlannedStatus = { code: 'unset' } | { code: 'ok' } | { code: 'error'; message: string }

export interface PlannedEvent {
  name: string
  timeMs: number
  attributes: Attributes
}

export type PlannedLogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'

/** A Java-style exception, as logs and `exception` span events carry it. */
export interface PlannedError {
  type: string
  message: string
  stackTrace: string
}

export interface PlannedLog {
  timeMs: number
  level: PlannedLogLevel
  /** Logger name (a Java class, as in the back-office's Spring services). */
  logger: string
  message: string
  error?: PlannedError
  /** Extra ECS fields, dotted names (`http.response.status_code`). */
  fields?: Readonly<Record<string, string | number>>
}

export interface PlannedSpan {
  service: ServiceName
  /** Instrumentation scope name (`@opentelemetry/instrumentation-pg`, …). */
  scope: string
  name: string
  kind: SpanKind
  startMs: number
  endMs: number
  attributes: Attributes
  status: PlannedStatus
  events: PlannedEvent[]
  logs: PlannedLog[]
  children: PlannedSpan[]
}

/** Every span of a plan, parents before children. */
export function flattenPlan(root: PlannedSpan): PlannedSpan[] {
  const out: PlannedSpan[] = []
  const stack = [root]
  for (let s = stack.pop(); s; s = stack.pop()) {
    out.push(s)
    for (let i = s.children.length - 1; i >= 0; i--) {
      const c = s.children[i]
      if (c) stack.push(c)
    }
  }
  return out
}
