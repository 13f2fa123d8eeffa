import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { fakeZipkin, mountTracesRoute, settle, waitFor, type FakeZipkin } from '../../support/tracesHarness'

beforeAll(async () => {
  await Promise.all([import('@/views/TraceboardRoot.vue'), import('@/views/traces/DependenciesView.vue')])
}, 60_000)
let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const LINKS = [
  { parent: 'web', child: 'api', callCount: 1000, errorCount: 10 },
  { parent: 'api', child: 'db', callCount: 900 },
  { parent: 'api', child: 'cache', callCount: 800, errorCount: 80 },
  { parent: 'batch', child: 'db', callCount: 5 },
  { parent: '<b>evil</b>', child: 'api', callCount: 1 },
]

async function open(path: string, zipkin: FakeZipkin) {
  const m = await mountTracesRoute(path, { zipkin })
  wrapper = m.wrapper
  await settle(10)
  return m
}
const edges = (w: VueWrapper) => w.findAll('[data-testid="dependency-edge"]').map((r) => r.findAll('td').map((c) => c.text()))

describe('dependencies', () => {
  it('asks for the chosen window and lists links busiest first, with error rates', async () => {
    const zipkin = fakeZipkin(() => ({ body: LINKS }))
    const { wrapper: w } = await open('/monitoring/dependencies?range=6h', zipkin)
    expect(zipkin.requests[0]!.params.get('lookback')).toBe(String(6 * 3_600_000))
    expect(w.find('[data-testid="deps-summary"]').text()).toContain('6 services, 5 links')
    expect(edges(w)[0]).toEqual(['web', 'api', '1,000', '1.0%'])
    expect(edges(w)[2]).toEqual(['api', 'cache', '800', '10.0%'])
    expect(w.find('[data-testid="dependency-graph"]').attributes('data-nodes')).toBe('6')
    expect(w.find('[data-testid="dependency-table"]').text()).toContain('<b>evil</b>')
    expect(w.find('[data-testid="dependency-table"] b').exists()).toBe(false)
  })

  it('searches, focuses on a service and folds the quietest services, all in the URL', async () => {
    const zipkin = fakeZipkin(() => ({ body: LINKS }))
    const { wrapper: w, router } = await open('/monitoring/dependencies', zipkin)
    await w.find('[data-testid="deps-search"]').setValue('db')
    await waitFor(() => router.currentRoute.value.query.q === 'db')
    expect(edges(w).map((e) => `${e[0]}>${e[1]}`)).toEqual(['api>db', 'batch>db'])
    await w.find('[data-testid="deps-search"]').setValue('')
    await waitFor(() => router.currentRoute.value.query.q === undefined)
    await w.findAll('[data-testid="dependency-table"] .tb-link-button').find((b) => b.text() === 'cache')!.trigger('click')
    await waitFor(() => router.currentRoute.value.query.focus === 'cache')
    expect(edges(w).map((e) => `${e[0]}>${e[1]}`)).toEqual(['api>cache'])
    expect(w.find('[data-testid="deps-focus"]').text()).toContain('cache')
  })

  it('keeps the last graph, marked stale, when a refresh fails', async () => {
    const zipkin = fakeZipkin(() => ({ body: LINKS }))
    const { wrapper: w } = await open('/monitoring/dependencies', zipkin)
    zipkin.respond(() => ({ status: 502, body: 'bad gateway' }))
    await w.findAll('button').find((b) => b.text() === 'Refresh')!.trigger('click')
    await settle(1500)
    expect(w.find('[data-testid="failure-banner"]').exists()).toBe(true)
    expect(w.find('[data-testid="stale-badge"]').exists()).toBe(true)
    expect(edges(w)).toHaveLength(5)
  })

  it('says when the window has no links', async () => {
    const { wrapper: w } = await open('/monitoring/dependencies', fakeZipkin(() => ({ body: [] })))
    expect(w.find('[data-testid="deps-empty"]').exists()).toBe(true)
  })
})
