import { describe, expect, it } from 'vitest'
import { customisePreset, PRESET_IDS, RED_PRESETS, validatePreset } from '@/domain/metrics/redPresets'

describe('RED presets', () => {
  it.each(PRESET_IDS)('%s is valid and keyed by its own id', (id) => {
    expect(validatePreset(RED_PRESETS[id])).toBe(RED_PRESETS[id])
    expect(RED_PRESETS[id].id).toBe(id)
    expect(RED_PRESETS[id].latencyBucketMetric.endsWith('_bucket')).toBe(true)
    expect(RED_PRESETS[id].breakdownLabels.length).toBeGreaterThan(0)
  })

  it('customisePreset applies overrides and keeps the id', () => {
    const p = customisePreset('micrometer', { serviceLabel: 'job' })
    expect(p).toMatchObject({ id: 'micrometer', serviceLabel: 'job', operationLabel: 'uri' })
    expect(RED_PRESETS.micrometer.serviceLabel).toBe('application')
  })

  it('an override with an invalid name fails at config time, naming preset and field', () => {
    expect(() => customisePreset('otel-http', { serviceLabel: 'service.name' })).toThrow(/preset "otel-http" serviceLabel: invalid PromQL label name/)
    expect(() => customisePreset('prom-client', { requestMetric: 'http-requests' })).toThrow(/requestMetric: invalid PromQL metric name/)
    expect(() => customisePreset('tempo', { errorMatchers: [{ label: 'bad-label', op: '=', value: 'x' }] })).toThrow(/matcher label/)
  })
})
