import { describe, expect, it } from 'vitest'
import { groupAlertsByService } from '@/domain/metricsViews/alertGroups'
import { alertsDataSchema, envelopeSchema } from '@/services/prometheus/schemas'
import { readContractText } from '../../support/contracts'

/** The /api/v1/alerts example of the Prometheus HTTP API docs (shared/contracts/specs). */
function docsExample(): unknown {
  const text = readContractText('specs/prometheus-http-api.md')
  const start = text.indexOf('curl http://localhost:9090/api/v1/alerts')
  const json = /```json\n([\s\S]*?)```/.exec(text.slice(start))?.[1]
  return JSON.parse(json ?? 'null') as unknown
}

describe('alerts from the documented /api/v1/alerts payload', () => {
  it('groups the documented alert (no service label) in the no-service group, firing since its activeAt', () => {
    const body = envelopeSchema(alertsDataSchema).parse(docsExample())
    const groups = groupAlertsByService(body.data)
    expect(groups).toHaveLength(1)
    expect(groups[0]).toMatchObject({ service: undefined, firing: 1, pending: 0 })
    expect(groups[0]?.alerts[0]).toMatchObject({ name: 'my-alert', value: 1, sinceS: Date.parse('2018-07-04T20:27:12.60602144+02:00') / 1000 })
  })
})
