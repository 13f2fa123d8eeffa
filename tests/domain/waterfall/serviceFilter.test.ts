import { describe, expect, it } from 'vitest'
import { expandAll, filterByService, spanKeyAt, toWaterfallData, visibleRows } from '@/domain/waterfall'
import { sampleTrace } from '../../support/tracesHarness'

describe('filter by service', () => {
  const d = toWaterfallData(sampleTrace())
  const shown = (services: string[] | undefined): string[] => {
    const f = filterByService(d, services)
    return [...visibleRows(d, expandAll(d), f.hidden)].map((i) => spanKeyAt(d, i).slice(-2))
  }

  it('keeps spans of the chosen services and their ancestors, prunes the rest and counts them', () => {
    expect(shown(['c-svc'])).toEqual(['0f', 'b0', 'b1'])
    expect(filterByService(d, ['c-svc']).hiddenCount).toBe(3)
  })

  it('hides nothing without a filter or with every service', () => {
    expect(filterByService(d, undefined)).toEqual({ hidden: undefined, hiddenCount: 0 })
    expect(filterByService(d, [...d.services]).hiddenCount).toBe(0)
  })

  it('hides everything for a service that is not in the trace', () => {
    expect(shown(['nope'])).toEqual([])
    expect(filterByService(d, ['nope']).hiddenCount).toBe(d.count)
  })
})
