/**
 * Ordering and summaries of SLO results, shared by the SLO page and the budget badges: worst
 * first means exhausted > burning fast > burning slow > ok > no data, then least budget left.
 * A result that could not be computed (a per-SLO problem) ranks with no data: it says nothing
 * about the budget, and its problem text is shown instead.
 */
import type { SloStatus } from '@/domain/slo/burnRateAlerts'
import type { SloResult } from '@/services/prometheus/sloFigures'

export const SLO_STATUSES: readonly SloStatus[] = ['exhausted', 'burning-fast', 'burning-slow', 'ok', 'nodata']

const RANK: Readonly<Record<SloStatus, number>> = { exhausted: 0, 'burning-fast': 1, 'burning-slow': 2, ok: 3, nodata: 4 }

export function isSloStatus(v: unknown): v is SloStatus {
  return typeof v === 'string' && (SLO_STATUSES as readonly string[]).includes(v)
}

export function resultStatus(r: SloResult): SloStatus {
  return r.evaluation?.status ?? 'nodata'
}

function budgetOf(r: SloResult): number {
  const b = r.evaluation?.budgetRemaining
  return b === undefined ? Infinity : b
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Negative when `a` is worse than `b`. */
export function compareWorstFirst(a: SloResult, b: SloResult): number {
  return RANK[resultStatus(a)] - RANK[resultStatus(b)] || budgetOf(a) - budgetOf(b) || byCodeUnit(a.slo.name, b.slo.name)
}

/** The worst SLO result of each service (what its badge shows). */
export function worstByService(results: readonly SloResult[]): Map<string, SloResult> {
  const out = new Map<string, SloResult>()
  for (const r of results) {
    const current = out.get(r.slo.service)
    if (current === undefined || compareWorstFirst(r, current) < 0) out.set(r.slo.service, r)
  }
  return out
}

export const SLO_SORT_KEYS = ['worst', 'budget', 'sli', 'burn', 'name', 'service'] as const
export type SloSortKey = (typeof SLO_SORT_KEYS)[number]
export type SloSortDir = 'asc' | 'desc'

export function isSloSortKey(v: unknown): v is SloSortKey {
  return typeof v === 'string' && (SLO_SORT_KEYS as readonly string[]).includes(v)
}

/** Undefined figures sort last in either direction: "no data" is never the best or the worst number. */
function byFigure(get: (r: SloResult) => number | undefined): (a: SloResult, b: SloResult, dir: 1 | -1) => number {
  return (a, b, dir) => {
    const x = get(a)
    const y = get(b)
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1
    return (x - y) * dir
  }
}

const FIGURE_SORTS: Readonly<Record<'budget' | 'sli' | 'burn', ReturnType<typeof byFigure>>> = {
  budget: byFigure((r) => r.evaluation?.budgetRemaining),
  sli: byFigure((r) => r.evaluation?.sli),
  burn: byFigure((r) => r.evaluation?.burnRates['1h']),
}

/**
 * The rows in the order asked. `worst` ascending is worst first; each figure's natural first
 * direction is the one a user clicks for (least budget, lowest SLI, fastest burn).
 */
export function sortResults(results: readonly SloResult[], key: SloSortKey, dir: SloSortDir): SloResult[] {
  const d: 1 | -1 = dir === 'asc' ? 1 : -1
  const list = [...results]
  if (key === 'worst') return list.sort((a, b) => compareWorstFirst(a, b) * d)
  if (key === 'name') return list.sort((a, b) => byCodeUnit(a.slo.name, b.slo.name) * d)
  if (key === 'service') return list.sort((a, b) => byCodeUnit(a.slo.service, b.slo.service) * d || compareWorstFirst(a, b))
  const figure = FIGURE_SORTS[key]
  return list.sort((a, b) => figure(a, b, d) || compareWorstFirst(a, b))
}

export interface SloFilter {
  service?: string | undefined
  status?: SloStatus | undefined
}

/** `service` matches the service name exactly (the service page links here with it). */
export function filterResults(results: readonly SloResult[], filter: SloFilter): SloResult[] {
  return results.filter((r) => (filter.service === undefined || r.slo.service === filter.service) && (filter.status === undefined || resultStatus(r) === filter.status))
}

export function countByStatus(results: readonly SloResult[]): Record<SloStatus, number> {
  const counts: Record<SloStatus, number> = { exhausted: 0, 'burning-fast': 0, 'burning-slow': 0, ok: 0, nodata: 0 }
  for (const r of results) counts[resultStatus(r)]++
  return counts
}
