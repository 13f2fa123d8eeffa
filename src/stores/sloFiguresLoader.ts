/**
 * Loads every configured SLO's figures in a constant number of Prometheus requests whatever
 * the number of services: one service discovery (only when `slos.defaults` apply to every
 * service), then fetchSloFigures' queries (at most two per SLI kind, both scopes in each, plus one `le`
 * look-up). Plain async code: the SLO store owns polling, cancellation and state.
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import { presetMatcher } from '@/domain/metrics/redQueries'
import { selector } from '@/domain/promql/builder'
import { expandSlos } from '@/domain/slo/expandSlos'
import type { SloOptions } from '@/domain/slo/sloDefinition'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import type { MetricsBackend } from '@/services/backends'
import { fetchSloFigures, type SloResult } from '@/services/prometheus/sloFigures'
import { resolveMetricsPreset } from '@/composables/useMetricsPreset'

export interface SloSnapshot {
  /** Undefined: Prometheus has none of the known RED metrics (nothing else was asked). */
  preset: RedPreset | undefined
  slos: SloDefinition[]
  results: SloResult[]
  /** Prometheus' own warnings: some figures may be missing or low. */
  warnings: string[]
  /** Evaluation time of the figures (ms since epoch). */
  evaluatedAtMs: number
}

/** True when the options define at least one SLO (the page then shows data, not set-up help). */
export function hasSloOptions(options: SloOptions): boolean {
  return options.defaults.length > 0 || Object.values(options.services).some((list) => list.length > 0)
}

/** Services that report requests, for `slos.defaults` (one label-values request). */
async function discoverServices(backend: MetricsBackend, preset: RedPreset, signal?: AbortSignal): Promise<{ names: string[]; warnings: string[] }> {
  const match = selector(preset.requestMetric, preset.filters.map(presetMatcher))
  const r = await backend.client.labelValues(preset.serviceLabel, { match: [match] }, signal)
  return { names: r.data, warnings: r.warnings }
}

/** Throws (a BackendRequestError) when Prometheus fails; partial answers come back with warnings. */
export async function loadSloFigures(backend: MetricsBackend, options: SloOptions, nowMs: number, signal?: AbortSignal): Promise<SloSnapshot> {
  const evaluatedAtMs = nowMs
  const preset = await resolveMetricsPreset(backend)
  if (!preset) return { preset, slos: [], results: [], warnings: [], evaluatedAtMs }
  const discovered = options.defaults.length > 0 ? await discoverServices(backend, preset, signal) : { names: [], warnings: [] }
  const slos = expandSlos(options, discovered.names)
  if (slos.length === 0) return { preset, slos, results: [], warnings: discovered.warnings, evaluatedAtMs }
  const timeS = Math.floor(nowMs / 1000)
  const figures = await fetchSloFigures(backend.client, preset, slos, { timeS }, signal)
  return {
    preset,
    slos,
    results: figures.data,
    warnings: [...new Set([...discovered.warnings, ...figures.warnings])],
    evaluatedAtMs,
  }
}
