import { DEFAULT_RANGE, rangeFromQuery, type TimeRange } from '../time/timeRange'
import { parseTagList } from './tagFilters'
import { detectTraceIds } from './traceIdInput'

export type TraceSort = 'newest' | 'slowest' | 'spans' | 'errors'
export const TRACE_SORTS: readonly TraceSort[] = ['newest', 'slowest', 'spans', 'errors']

export const DEFAULT_LIMIT = 20
/** Jaeger UI caps a search at 1,500; beyond a few hundred the list stops being readable anyway. */
export const MAX_LIMIT = 1500

/** The search form's state; everything in it lives in the URL (names of `tracesLink`, links.ts). */
export interface TraceSearchForm {
  service: string
  operation: string
  /** Valid `key=value` filters. */
  tags: string[]
  errorsOnly: boolean
  /** As typed: `250ms`, `2s`. */
  minDuration: string
  maxDuration: string
  range: TimeRange
  limit: number
  sort: TraceSort
  /** Trace ids pasted into the search box (`ids=` repeated): a list instead of a search. */
  ids: string[]
}

type QueryValue = string | null | undefined | (string | null)[]
export type RouteQuery = Record<string, QueryValue>

function list(v: QueryValue): string[] {
  if (v === undefined || v === null) return []
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')
}

function one(v: QueryValue): string {
  return list(v)[0] ?? ''
}

/** Reads the form from the route query; anything unreadable falls back to its default. */
export function formFromQuery(query: RouteQuery): TraceSearchForm {
  const limit = Math.round(Number(one(query.limit)))
  const sort = one(query.sort)
  return {
    service: one(query.service).trim(),
    operation: one(query.operation).trim(),
    tags: parseTagList(list(query.tag)).tags,
    errorsOnly: one(query.errors) === '1' || one(query.errors) === 'true',
    minDuration: one(query.minDuration).trim(),
    maxDuration: one(query.maxDuration).trim(),
    range: rangeFromQuery(query, DEFAULT_RANGE),
    limit: Number.isFinite(limit) && limit >= 1 ? Math.min(limit, MAX_LIMIT) : DEFAULT_LIMIT,
    sort: (TRACE_SORTS as readonly string[]).includes(sort) ? (sort as TraceSort) : 'newest',
    ids: detectTraceIds(list(query.ids).join(' ')) ?? [],
  }
}

export function defaultForm(): TraceSearchForm {
  return formFromQuery({})
}
