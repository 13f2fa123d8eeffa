import { it } from 'vitest'
import { fetchSloFigures } from '@/services/prometheus/sloFigures'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { expandSlos } from '@/domain/slo/expandSlos'
import { sloRowView } from '@/components/slo/sloRowView'
import { sortResults } from '@/stores/sloRanking'
import { createTraceboardI18n } from '@/i18n'
import type { PrometheusClient } from '@/services/prometheus/prometheusClient'
const services = Array.from({ length: 300 }, (_, i) => `service-${i}`)
it('prof', async () => {
  const slos = expandSlos({ defaults: [{ kind: 'availability', objective: 99.9, window: '30d' }, { kind: 'latency', objective: 99, window: '30d', thresholdMs: 250 }], services: {} }, services)
  const client = {
    queryVector: (q: string) => {
      const windows = [...q.matchAll(/"slo_window", "([0-9]+[mhd])"/g)].map((m) => m[1] ?? '')
      const lat = q.includes('_bucket'); const part = lat ? q.includes('le=~') : q.includes('STATUS_CODE_ERROR')
      return Promise.resolve({ data: windows.flatMap((w) => services.map((s) => ({ labels: { service_name: s, slo_window: w, ...(lat && part ? { le: '250' } : {}) }, value: part ? 5 : 1000, timeS: 0 }))), partial: false, warnings: [], infos: [] })
    },
    labelValues: () => Promise.resolve({ data: ['250', '+Inf'], partial: false, warnings: [], infos: [] }),
  } as unknown as PrometheusClient
  const t0 = performance.now()
  const r = await fetchSloFigures(client, RED_PRESETS.spanmetrics, slos)
  const t1 = performance.now()
  const { t } = createTraceboardI18n('ko')
  const t2 = performance.now()
  const views = r.data.map((x) => sloRowView(t, x))
  const t3 = performance.now()
  const views2 = r.data.map((x) => sloRowView(t, x))
  const t4 = performance.now()
  sortResults(r.data, 'worst', 'asc')
  const t5 = performance.now()
  console.log('figures', t1 - t0, 'rowView', t3 - t2, 'rowView warm', t4 - t3, 'sort', t5 - t4, views.length + views2.length)
})
