/**
 * Joins the per-figure vectors of the RED queries into one record per service (or operation).
 * Missing and NaN values become `undefined` ("no data"), never 0: a 0 error ratio must mean
 * "traffic, no errors", which the error-ratio query itself produces (see redQueries.ts).
 */
import type { RedFigure } from './redQueries'
import type { InstantVector } from './types'

export type RedVectors = Record<RedFigure, InstantVector>

export interface RedFigures {
  /** Requests per second. */
  rate: number | undefined
  /** 0..1 */
  errorRatio: number | undefined
  p50Ms: number | undefined
  p95Ms: number | undefined
  p99Ms: number | undefined
}

export interface ServiceRed extends RedFigures {
  service: string
}

export interface OperationRed extends RedFigures {
  operation: string
}

const FIELD: Record<RedFigure, keyof RedFigures> = {
  rate: 'rate',
  errorRatio: 'errorRatio',
  p50: 'p50Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
}

function empty(): RedFigures {
  return { rate: undefined, errorRatio: undefined, p50Ms: undefined, p95Ms: undefined, p99Ms: undefined }
}

/** Figures keyed by the value of `keyLabel` (a series without it is keyed by ''), sorted by key. */
export function mergeRedByLabel(vectors: RedVectors, keyLabel: string): Map<string, RedFigures> {
  const byKey = new Map<string, RedFigures>()
  for (const figure of Object.keys(FIELD) as RedFigure[]) {
    for (const sample of vectors[figure]) {
      const key = sample.labels[keyLabel] ?? ''
      let record = byKey.get(key)
      if (!record) {
        record = empty()
        byKey.set(key, record)
      }
      // ±Inf is no more a usable rate or latency than NaN (e.g. x/0 with a negative reset).
      record[FIELD[figure]] = Number.isFinite(sample.value) ? sample.value : undefined
    }
  }
  return new Map([...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** One `ServiceRed` per service seen in any figure. */
export function mergeServiceRed(vectors: RedVectors, serviceLabel: string): ServiceRed[] {
  return [...mergeRedByLabel(vectors, serviceLabel)].map(([service, f]) => ({ service, ...f }))
}

/** One `OperationRed` per operation seen in any figure. */
export function mergeOperationRed(vectors: RedVectors, operationLabel: string): OperationRed[] {
  return [...mergeRedByLabel(vectors, operationLabel)].map(([operation, f]) => ({ operation, ...f }))
}
