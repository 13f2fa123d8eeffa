import { describe, expect, it } from 'vitest'
import type { Alert } from '@/domain/metrics/types'
import { alertService, firingCountByService, groupAlertsByService, toAlertRows } from '@/domain/metricsViews/alertGroups'

const alert = (labels: Record<string, string>, state: string, activeAtS?: number, annotations: Record<string, string> = {}): Alert => ({
  labels,
  annotations,
  state,
  activeAtS,
  value: 1,
})

describe('alertService', () => {
  it('prefers the preset service label, then conventional ones; none gives undefined', () => {
    expect(alertService({ job: 'prometheus', service_name: 'checkout' }, 'service_name')).toBe('checkout')
    expect(alertService({ job: 'prometheus', service: 'cart' })).toBe('cart')
    expect(alertService({ job: 'prometheus' })).toBe('prometheus')
    expect(alertService({ alertname: 'Watchdog' })).toBeUndefined()
    expect(alertService({ service: '', application: 'shop' })).toBe('shop')
  })
})

describe('groupAlertsByService', () => {
  const alerts = [
    alert({ alertname: 'HighLatency', severity: 'warning', service: 'cart' }, 'firing', 200),
    alert({ alertname: 'ErrorBudget', severity: 'critical', service: 'checkout' }, 'pending', 100),
    alert({ alertname: 'Down', severity: 'critical', service: 'cart' }, 'firing', 300, { summary: 'cart is down', description: '<img src=x onerror=alert(1)>', runbook_url: 'https://r' }),
    alert({ alertname: 'Old', service: 'cart' }, 'inactive'),
    alert({ alertname: 'Watchdog' }, 'firing', 50),
    alert({ alertname: 'Disk', severity: 'info', service: 'db' }, 'firing', 10),
  ]
  const groups = groupAlertsByService(alerts)

  it('drops inactive alerts and groups the rest by service, firing groups first, most severe first, no-service last', () => {
    expect(groups.map((g) => [g.service, g.firing, g.pending])).toEqual([
      ['cart', 2, 0],
      ['db', 1, 0],
      ['checkout', 0, 1],
      [undefined, 1, 0],
    ])
  })

  it('orders alerts within a group firing first, then by severity, then by age', () => {
    expect(groups[0]?.alerts.map((a) => a.name)).toEqual(['Down', 'HighLatency'])
  })

  it('keeps summary and description apart and the other annotations and labels sorted', () => {
    const down = toAlertRows(alerts).find((a) => a.name === 'Down')
    expect(down).toMatchObject({
      summary: 'cart is down',
      description: '<img src=x onerror=alert(1)>',
      otherAnnotations: [['runbook_url', 'https://r']],
      labels: [['service', 'cart']],
      severity: 'critical',
      sinceS: 300,
    })
  })

  it('counts firing alerts per service for the card badges', () => {
    expect(firingCountByService(alerts)).toEqual(new Map([['cart', 2], ['db', 1]]))
  })
})
