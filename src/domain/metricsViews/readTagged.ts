import type { InstantVector, RangeMatrix } from '../metrics/types'
import { TAG_LABEL } from './promqlParts'

/**
 * Splits the answer of a `taggedUnion` query by part. The tag label is removed, so each part
 * looks exactly like the answer of its own query. Series without a known tag are dropped.
 */
export function splitVector<T extends string>(vector: InstantVector, tags: readonly T[]): Record<T, InstantVector> {
  const out = Object.fromEntries(tags.map((t) => [t, [] as InstantVector])) as Record<T, InstantVector>
  for (const sample of vector) {
    const { [TAG_LABEL]: tag, ...labels } = sample.labels
    if (tag !== undefined && (tags as readonly string[]).includes(tag)) out[tag as T].push({ ...sample, labels })
  }
  return out
}

/** `splitVector` for a range query's matrix. */
export function splitMatrix<T extends string>(matrix: RangeMatrix, tags: readonly T[]): Record<T, RangeMatrix> {
  const out = Object.fromEntries(tags.map((t) => [t, [] as RangeMatrix])) as Record<T, RangeMatrix>
  for (const series of matrix) {
    const { [TAG_LABEL]: tag, ...labels } = series.labels
    if (tag !== undefined && (tags as readonly string[]).includes(tag)) out[tag as T].push({ ...series, labels })
  }
  return out
}

/** A vector as value by `label` (series without it under ''); NaN and ±Inf become undefined. */
export function valuesByLabel(vector: InstantVector, label: string): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>()
  for (const s of vector) out.set(s.labels[label] ?? '', Number.isFinite(s.value) ? s.value : undefined)
  return out
}
