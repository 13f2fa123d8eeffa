import type { RouteLocationRaw } from 'vue-router'
import { rangeToQuery, type TimeRange } from '@/domain/time/timeRange'
import { ROUTE } from './routeNames'

/**
 * Typed links between Traceboard's views, so the query parameters each view reads are written
 * in one place (the user's path: card → service → traces → trace → logs and back).
 */
export interface TracesLinkInput {
  service?: string
  operation?: string
  /** `key=value` tag filters. */
  tags?: Record<string, string>
  /** Only traces with an error span; each trace backend maps this to its own error query. */
  errorsOnly?: boolean
  /** As typed by users: `250ms`, `2s`. */
  minDuration?: string
  maxDuration?: string
  range?: TimeRange
  limit?: number
  sort?: 'newest' | 'slowest' | 'spans' | 'errors'
}

export function tracesLink(input: TracesLinkInput = {}): RouteLocationRaw {
  const query: Record<string, string | string[]> = {}
  if (input.service) query.service = input.service
  if (input.operation) query.operation = input.operation
  if (input.tags) query.tag = Object.entries(input.tags).map(([k, v]) => `${k}=${v}`)
  if (input.errorsOnly) query.errors = '1'
  if (input.minDuration) query.minDuration = input.minDuration
  if (input.maxDuration) query.maxDuration = input.maxDuration
  if (input.limit) query.limit = String(input.limit)
  if (input.sort) query.sort = input.sort
  if (input.range) Object.assign(query, rangeToQuery(input.range))
  return { name: ROUTE.traces, query }
}

export function traceLink(traceId: string, spanId?: string): RouteLocationRaw {
  return { name: ROUTE.trace, params: { traceId }, query: spanId ? { span: spanId } : {} }
}

export function serviceLink(service: string, range?: TimeRange): RouteLocationRaw {
  return { name: ROUTE.service, params: { service }, query: range ? rangeToQuery(range) : {} }
}

export interface LogsLinkInput {
  traceId?: string
  text?: string
  service?: string
  levels?: string[]
  /** Business context fields (`customer.id` → `42`), as `f.<field>=value`. */
  fields?: Record<string, string>
  range?: TimeRange
}

export function logsLink(input: LogsLinkInput = {}): RouteLocationRaw {
  const query: Record<string, string | string[]> = {}
  if (input.traceId) query.traceId = input.traceId
  if (input.text) query.q = input.text
  if (input.service) query.service = input.service
  if (input.levels?.length) query.level = input.levels
  for (const [k, v] of Object.entries(input.fields ?? {})) query[`f.${k}`] = v
  if (input.range) Object.assign(query, rangeToQuery(input.range))
  return { name: ROUTE.logs, query }
}
