import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import AnomalyMarker from '@/components/metrics/AnomalyMarker.vue'
import type { CardAnomalyState } from '@/composables/useAnomalyBands'
import { mountMetrics } from '../../support/metricsHarness'

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

const band = { mean: 10, stddev: 1, lower: 7, upper: 13, weeks: 4 }
const unusual: CardAnomalyState = {
  kind: 'unusual',
  weeks: 4,
  figures: [
    { figure: 'rate', value: 32, position: 'above', ratio: 3.2, band },
    { figure: 'errorRatio', value: 0.05, position: 'above', ratio: undefined, band: { mean: 0, stddev: 0.002, lower: 0, upper: 0.006, weeks: 4 } },
  ],
}

function mountMarker(state: CardAnomalyState | undefined, locale: 'en' | 'ko' = 'en') {
  wrapper = mountMetrics(AnomalyMarker, { props: { state }, locale }).wrapper
  return wrapper
}

describe('AnomalyMarker', () => {
  it('says which figure is unusual and by how much, in Korean', () => {
    const w = mountMarker(unusual, 'ko')
    const marker = w.get('[data-testid="anomaly-marker"]')
    expect(marker.text()).toContain('요청량 평소의 3.2배')
    expect(marker.attributes('data-figures')).toBe('rate,errorRatio')
    expect(marker.attributes('data-ratio')).toBe('3.2')
  })

  it('in English, a figure that is usually 0 gives its value instead of a ratio; the band is in the tooltip', () => {
    const w = mountMarker(unusual)
    const marker = w.get('[data-testid="anomaly-marker"]')
    expect(marker.text()).toContain('request rate 3.2× usual')
    expect(marker.text()).toContain('error rate 5%, usually 0')
    expect(marker.attributes('title')).toContain('last 4 weeks')
  })

  it('shows no marker, only a note, with too little history or a failed band; nothing while it loads', () => {
    const insufficient = mountMarker({ kind: 'insufficient', weeks: 4 })
    expect(insufficient.find('[data-testid="anomaly-marker"]').exists()).toBe(false)
    expect(insufficient.get('[data-testid="anomaly-note"]').text()).toBe('Not enough history for a usual-week comparison')
    insufficient.unmount()
    const partial = mountMarker({ kind: 'unavailable', failure: undefined, warnings: ['remote read failed'], weeks: 4 })
    expect(partial.get('[data-testid="anomaly-note"]').text()).toContain('remote read failed')
    partial.unmount()
    const loading = mountMarker(undefined)
    expect(loading.text()).toBe('')
  })
})
