import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import SloToolbar from '@/components/slo/SloToolbar.vue'
import { mountWithI18n } from '../../support/mountWithTraceboard'

const counts = { exhausted: 0, 'burning-fast': 1, 'burning-slow': 0, ok: 2, nodata: 0 }
const optionValues = (w: ReturnType<typeof mountWithI18n>): string[] =>
  w.findAll('[data-testid="slo-filter-service"] option').map((o) => o.attributes('value') ?? '')

describe('SloToolbar', () => {
  afterEach(() => vi.useRealTimers())

  it('adds the service options after the first paint; the chosen service shows at once and is not listed twice', async () => {
    vi.useFakeTimers()
    const w = mountWithI18n(SloToolbar, {
      props: { services: ['a', 'b', 'c'], counts, ageMs: undefined, stale: false, loading: false, service: 'b', sort: 'worst', dir: 'asc' },
    })
    await nextTick()
    // Before the frame: "all services" and the chosen one, which the closed select shows.
    expect(optionValues(w)).toEqual(['', 'b'])
    expect((w.find('[data-testid="slo-filter-service"]').element as HTMLSelectElement).value).toBe('b')
    await vi.advanceTimersByTimeAsync(50)
    expect(optionValues(w)).toEqual(['', 'a', 'b', 'c'])
    // A service that comes with a later refresh is listed at once.
    await w.setProps({ services: ['a', 'b', 'c', 'd'] })
    expect(optionValues(w)).toEqual(['', 'a', 'b', 'c', 'd'])
    w.unmount()
  })
})
