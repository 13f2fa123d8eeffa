import { detectPreset, detectionMetricNames } from '@/domain/metrics/detectPreset'
import type { PresetId } from '@/domain/metrics/redPresets'
import { labelSelector, re } from '@/domain/promql/builder'
import type { MetadataOptions, PrometheusClient } from './prometheusClient'

/**
 * Asks `/api/v1/label/__name__/values` which RED family exists and returns the richest one.
 * The request is narrowed with `match[]` to the names detection cares about: a big Prometheus
 * has hundreds of thousands of metric names, and only a dozen matter here.
 */
export async function detectMetricsPreset(
  client: PrometheusClient,
  options: Omit<MetadataOptions, 'match'> = {},
  signal?: AbortSignal,
): Promise<PresetId | undefined> {
  const match = labelSelector([re('__name__', detectionMetricNames())])
  const names = await client.labelValues('__name__', { ...options, match: [match] }, signal)
  return detectPreset(names.data)
}
