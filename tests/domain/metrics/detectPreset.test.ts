import { describe, expect, it } from 'vitest'
import { detectionMetricNames, detectPreset, PRESET_DETECTION_ORDER } from '@/domain/metrics/detectPreset'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'

const namesOf = (id: (typeof PRESET_IDS)[number]): string[] => [RED_PRESETS[id].requestMetric, RED_PRESETS[id].latencyBucketMetric]

describe('detectPreset', () => {
  it.each(PRESET_IDS)('finds %s from its metric names among others', (id) => {
    expect(detectPreset(['up', 'go_goroutines', ...namesOf(id), 'process_cpu_seconds_total'])).toBe(id)
  })

  it('prefers the richest family when several exist', () => {
    const all = PRESET_IDS.flatMap(namesOf)
    expect(detectPreset(all)).toBe('spanmetrics')
    expect(detectPreset([...namesOf('otel-http-legacy'), ...namesOf('otel-http')])).toBe('otel-http')
    expect(detectPreset([...namesOf('prom-client'), ...namesOf('tempo')])).toBe('tempo')
  })

  it('a counter without its latency buckets is not enough', () => {
    expect(detectPreset([RED_PRESETS.spanmetrics.requestMetric, ...namesOf('micrometer')])).toBe('micrometer')
    expect(detectPreset([RED_PRESETS['prom-client'].requestMetric])).toBeUndefined()
  })

  it('nothing known → undefined', () => {
    expect(detectPreset([])).toBeUndefined()
    expect(detectPreset(['up', 'http_requests_total'])).toBeUndefined()
  })

  it('the detection order covers every preset once, and the names to ask for cover every preset', () => {
    expect([...PRESET_DETECTION_ORDER].sort()).toEqual([...PRESET_IDS].sort())
    expect(detectionMetricNames().sort()).toEqual(PRESET_IDS.flatMap(namesOf).sort())
  })
})
