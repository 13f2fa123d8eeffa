import { parseHumanDurationUs } from '../time/durations'
import { resolveRange } from '../time/timeRange'
import type { TraceSearchForm } from './searchForm'
import { tagsToRecord } from './tagFilters'

/** The backends' `TraceQuery` (src/services/traces), restated here so the domain stays service-free. */
export interface TraceQueryInput {
  service?: string
  operation?: string
  tags?: Record<string, string>
  minDurationUs?: number
  maxDurationUs?: number
  startMs: number
  endMs: number
  limit: number
}

export type TraceBackendKindName = 'zipkin' | 'jaeger' | 'jaeger-v3'

export type FormProblem =
  | { field: 'minDuration' | 'maxDuration'; reason: 'not-a-duration'; value: string }
  | { field: 'maxDuration'; reason: 'below-min'; value: string }

/**
 * "Errors only", as each backend asks for it (BACKENDS.md): Zipkin's annotationQuery term
 * `error` (has the tag, whatever its value), Jaeger's `error=true` tag, and the same
 * `error=true` attribute on Jaeger v2's `/api/v3` search.
 */
export function errorTagFor(kind: TraceBackendKindName): [string, string] {
  return kind === 'zipkin' ? ['error', ''] : ['error', 'true']
}

/**
 * Turns the form into a backend query for `nowMs`, or says which fields are wrong. Nothing is
 * sent while a problem remains, so a typo never becomes a silently wider search.
 */
export function buildTraceQuery(
  form: TraceSearchForm,
  kind: TraceBackendKindName,
  nowMs: number,
): { query: TraceQueryInput; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const duration = (field: 'minDuration' | 'maxDuration'): number | undefined => {
    const text = form[field]
    if (text === '') return undefined
    const us = parseHumanDurationUs(text)
    if (us === undefined) problems.push({ field, reason: 'not-a-duration', value: text })
    return us
  }
  const minDurationUs = duration('minDuration')
  const maxDurationUs = duration('maxDuration')
  if (minDurationUs !== undefined && maxDurationUs !== undefined && maxDurationUs < minDurationUs) {
    problems.push({ field: 'maxDuration', reason: 'below-min', value: form.maxDuration })
  }
  const tags = tagsToRecord(form.tags)
  if (form.errorsOnly) {
    const [k, v] = errorTagFor(kind)
    if (!(k in tags)) tags[k] = v
  }
  const window = resolveRange(form.range, nowMs)
  const query: TraceQueryInput = { startMs: window.fromMs, endMs: window.toMs, limit: form.limit }
  if (form.service) query.service = form.service
  if (form.operation) query.operation = form.operation
  if (Object.keys(tags).length > 0) query.tags = tags
  if (minDurationUs !== undefined) query.minDurationUs = minDurationUs
  if (maxDurationUs !== undefined) query.maxDurationUs = maxDurationUs
  return { query, problems }
}
