import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { contractJson, fakeZipkin, mountTracesRoute, settle, waitFor, type FakeZipkin } from '../../support/tracesHarness'

beforeAll(async () => {
  await Promise.all([import('@/views/TraceboardRoot.vue'), import('@/views/traces/TraceSearchView.vue')])
}, 60_000)
let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const KAFKA = contractJson('traces/zipkin/messaging-kafka.json') as { traceId: string }[]
const SKEW = contractJson('traces/zipkin/skew.json') as { traceId: string }[]
const YELP = contractJson('traces/zipkin/yelp.json') as { traceId: string }[]
const ids = [KAFKA, SKEW, YELP].map((t) => t[0]!.traceId)

function backend(): FakeZipkin {
  return fakeZipkin((req) => {
    if (req.path.endsWith('/api/v2/services')) return { body: ['servicea', 'gateway'] }
    if (req.path.endsWith('/api/v2/spans')) return { body: ['poll', 'on-message'] }
    if (req.path.endsWith('/api/v2/traces')) return { body: [KAFKA, SKEW, YELP] }
    const m = /\/api\/v2\/trace\/(.+)$/.exec(req.path)
    const found = [KAFKA, SKEW, YELP].find((t) => t[0]!.traceId === m?.[1])
    return found ? { body: found } : { status: 404, body: 'not found' }
  })
}

async function open(path: string, zipkin: FakeZipkin | null = backend()) {
  const m = await mountTracesRoute(path, zipkin ? { zipkin } : {})
  wrapper = m.wrapper
  await settle(10)
  return m
}
const searches = (z: FakeZipkin) => z.requests.filter((r) => r.path.endsWith('/api/v2/traces'))
const resultIds = (w: VueWrapper) => w.findAll('[data-testid="trace-result"]').map((r) => r.attributes('data-trace-id'))

describe('trace search', () => {
  it('runs the search the URL describes, with each filter in the backend’s own terms', async () => {
    const zipkin = backend()
    const { wrapper: w } = await open(
      '/monitoring/traces?service=servicea&operation=poll&tag=kafka.topic%3Dmessages&errors=1&minDuration=250ms&maxDuration=2s&limit=50&range=3h',
      zipkin,
    )
    const [req] = searches(zipkin)
    expect(Object.fromEntries(req!.params)).toMatchObject({
      serviceName: 'servicea',
      spanName: 'poll',
      annotationQuery: 'kafka.topic=messages and error',
      minDuration: '250000',
      maxDuration: '2000000',
      limit: '50',
      lookback: String(3 * 3_600_000),
    })
    expect(resultIds(w)).toHaveLength(3)
    expect(w.find('[data-testid="analysis-count"]').text()).toBe('3')
    expect(w.find('[data-testid="trace-scatter"]').attributes('data-points')).toBe('3')
  })

  it('writes the submitted form to the URL (a history entry) and searches again', async () => {
    const zipkin = backend()
    const { wrapper: w, router } = await open('/monitoring/traces', zipkin)
    await w.find('[data-testid="form-service"]').setValue('gateway')
    await w.find('[data-testid="form-tags"]').setValue('http.status_code=500 tenant.id=acme')
    await w.find('[data-testid="form-min-duration"]').setValue('1.5s')
    await w.find('[data-testid="form-errors"]').setValue(true)
    await w.find('[data-testid="trace-search-form"]').trigger('submit')
    await settle(10)
    expect(router.currentRoute.value.query).toMatchObject({
      service: 'gateway',
      tag: ['http.status_code=500', 'tenant.id=acme'],
      errors: '1',
      minDuration: '1.5s',
    })
    expect(searches(zipkin).at(-1)!.params.get('annotationQuery')).toBe('http.status_code=500 and tenant.id=acme and error')
    // What the URL says is what the form shows after a reload.
    expect((w.find('[data-testid="form-tags"]').element as HTMLInputElement).value).toBe('http.status_code=500 tenant.id=acme')
  })

  it('refuses a wrong duration inline and sends nothing', async () => {
    const zipkin = backend()
    const { wrapper: w } = await open('/monitoring/traces', zipkin)
    const before = searches(zipkin).length
    await w.find('[data-testid="form-min-duration"]').setValue('soon')
    await w.find('[data-testid="trace-search-form"]').trigger('submit')
    await settle()
    expect(w.find('[data-testid="form-problem"]').text()).toContain('soon')
    expect(searches(zipkin)).toHaveLength(before)
  })

  it('sorts the results without asking the backend again', async () => {
    const zipkin = backend()
    const { wrapper: w, router } = await open('/monitoring/traces', zipkin)
    const before = searches(zipkin).length
    await w.find('[data-testid="result-sort"]').setValue('slowest')
    await settle(10)
    expect(router.currentRoute.value.query.sort).toBe('slowest')
    expect(searches(zipkin)).toHaveLength(before)
    const durations = w.findAll('.tb-result__duration').map((d) => d.text())
    expect(durations.length).toBe(3)
    expect(resultIds(w)[0]).not.toBe(resultIds(w)[2])
  })

  it('opens a pasted trace id directly and lists several', async () => {
    const { wrapper: w, router } = await open('/monitoring/traces')
    await w.find('[data-testid="trace-id-input"]').setValue(` ${ids[0]!.toUpperCase()} `)
    await w.find('[data-testid="trace-search-form"]').trigger('submit')
    await waitFor(() => router.currentRoute.value.params.traceId === ids[0])

    await router.push('/monitoring/traces')
    await settle(10)
    await wrapper!.find('[data-testid="trace-id-input"]').setValue(`${ids[1]}, ${ids[2]}; ffffffffffffffff`)
    await wrapper!.find('[data-testid="trace-search-form"]').trigger('submit')
    await waitFor(() => wrapper!.find('[data-testid="ids-missing"]').exists())
    expect(router.currentRoute.value.query.ids).toEqual([ids[1], ids[2], 'ffffffffffffffff'])
    expect(resultIds(wrapper!)).toEqual(expect.arrayContaining([ids[1], ids[2]]))
    expect(wrapper!.find('[data-testid="ids-missing"]').text()).toContain('ffffffffffffffff')
  })

  it('says when text in the id box is not a trace id', async () => {
    const { wrapper: w, router } = await open('/monitoring/traces')
    await w.find('[data-testid="trace-id-input"]').setValue('a OR 1:1')
    await w.find('[data-testid="trace-search-form"]').trigger('submit')
    await settle()
    expect(w.find('[data-testid="trace-id-problem"]').exists()).toBe(true)
    expect(router.currentRoute.value.name).toBe('tb.traces')
  })

  it('keeps the last results, marked stale, when a refresh fails', async () => {
    const zipkin = backend()
    const { wrapper: w } = await open('/monitoring/traces', zipkin)
    expect(resultIds(w)).toHaveLength(3)
    zipkin.respond(() => ({ status: 503, body: 'busy' }))
    await w.find('[data-testid="search-refresh"]').trigger('click')
    await settle(1500)
    expect(w.find('[data-testid="failure-banner"]').exists()).toBe(true)
    expect(w.find('[data-testid="stale-badge"]').exists()).toBe(true)
    expect(resultIds(w)).toHaveLength(3)
  })

  it('says "no traces" for an empty answer and "not configured" without a backend', async () => {
    const empty = fakeZipkin((req) => ({ body: req.path.endsWith('/traces') ? [] : [] }))
    const { wrapper: w } = await open('/monitoring/traces', empty)
    expect(w.find('[data-testid="search-empty"]').exists()).toBe(true)
    w.unmount()
    const { wrapper: none } = await open('/monitoring/traces', null)
    expect(none.find('[data-testid="traces-not-configured"]').exists()).toBe(true)
    expect(none.find('[data-testid="trace-upload"]').exists()).toBe(true)
  })

  it('shows each result’s root, span and error counts and the incomplete badge', async () => {
    const { wrapper: w } = await open('/monitoring/traces')
    const kafka = w.find(`[data-testid="trace-result"][data-trace-id="${ids[0]}"]`)
    expect(kafka.text()).toContain('servicea')
    expect(kafka.text()).toMatch(/\d+ spans/)
    expect(kafka.find('a').attributes('href')).toBe(`/monitoring/traces/${ids[0]}`)
  })

  it('ranks bottleneck services from the slowest traces on request', async () => {
    const zipkin = backend()
    const { wrapper: w } = await open('/monitoring/traces', zipkin)
    await w.find('[data-testid="analyse-bottlenecks"]').trigger('click')
    await settle(20)
    expect(zipkin.requests.filter((r) => r.path.includes('/api/v2/trace/'))).toHaveLength(3)
    expect(w.findAll('[data-testid="bottlenecks"] li').length).toBeGreaterThan(0)
  })
})
