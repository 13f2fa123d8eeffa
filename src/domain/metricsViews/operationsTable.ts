import type { OperationRed } from '../metrics/mergeRed'

export const OPERATION_SORT_KEYS = ['operation', 'rate', 'errorRatio', 'p50Ms', 'p95Ms', 'p99Ms'] as const
export type OperationSortKey = (typeof OPERATION_SORT_KEYS)[number]
export type SortDirection = 'asc' | 'desc'

export function isOperationSortKey(v: unknown): v is OperationSortKey {
  return typeof v === 'string' && (OPERATION_SORT_KEYS as readonly string[]).includes(v)
}

/**
 * Operations sorted by one column. Rows without data for that column go last in both
 * directions: "no data" is not a small number.
 */
export function sortOperations(rows: readonly OperationRed[], key: OperationSortKey, dir: SortDirection): OperationRed[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    if (key === 'operation') return sign * a.operation.localeCompare(b.operation)
    const va = a[key]
    const vb = b[key]
    if (va === undefined || vb === undefined) return (va === undefined ? 1 : 0) - (vb === undefined ? 1 : 0) || a.operation.localeCompare(b.operation)
    return sign * (va - vb) || a.operation.localeCompare(b.operation)
  })
}
