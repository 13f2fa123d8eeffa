import { mergeOperationRed, mergeServiceRed, type OperationRed, type RedVectors, type ServiceRed } from '@/domain/metrics/mergeRed'
import type { RedPreset } from '@/domain/metrics/redPresets'
import {
  operationRedQueries,
  RED_FIGURES,
  serviceRedQueries,
  type RedQueries,
  type ServiceRedQueryOptions,
} from '@/domain/metrics/redQueries'
import type { MetricsResult } from '@/domain/metrics/types'
import type { PrometheusClient } from './prometheusClient'

export interface RedFetchOptions {
  /** Evaluation time, Unix seconds. Omitted: the server's clock, so browser clock skew cannot
   * move the window into the future. */
  timeS?: number
  window?: string
}

async function runRedQueries(
  client: PrometheusClient,
  queries: RedQueries,
  timeS: number | undefined,
  signal: AbortSignal | undefined,
): Promise<MetricsResult<RedVectors>> {
  const results = await Promise.all(RED_FIGURES.map((f) => client.queryVector(queries[f], { timeS }, signal)))
  const data = {} as RedVectors
  const warnings = new Set<string>()
  const infos = new Set<string>()
  RED_FIGURES.forEach((figure, i) => {
    const r = results[i]
    if (!r) return
    data[figure] = r.data
    r.warnings.forEach((w) => warnings.add(w))
    r.infos.forEach((w) => infos.add(w))
  })
  return { data, partial: warnings.size > 0, warnings: [...warnings], infos: [...infos] }
}

/**
 * RED figures of every service (or of `services` only) in exactly one request per figure
 * (five in all), merged into one record per service.
 */
export async function fetchServiceRed(
  client: PrometheusClient,
  preset: RedPreset,
  options: RedFetchOptions & ServiceRedQueryOptions = {},
  signal?: AbortSignal,
): Promise<MetricsResult<ServiceRed[]>> {
  const queries = serviceRedQueries(preset, options)
  const result = await runRedQueries(client, queries, options.timeS, signal)
  return { ...result, data: mergeServiceRed(result.data, preset.serviceLabel) }
}

/** RED figures of every operation of one service, one request per figure. */
export async function fetchOperationRed(
  client: PrometheusClient,
  preset: RedPreset,
  service: string,
  options: RedFetchOptions = {},
  signal?: AbortSignal,
): Promise<MetricsResult<OperationRed[]>> {
  const queries = operationRedQueries(preset, service, options)
  const result = await runRedQueries(client, queries, options.timeS, signal)
  return { ...result, data: mergeOperationRed(result.data, preset.operationLabel) }
}
