import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { parseTraceFile } from '@/domain/trace'
import { contractJson, contractText, fakeZipkin, mountTracesRoute, settle, zipkinSpan } from '../../support/tracesHarness'

beforeAll(async () => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']
  // Compile the lazy route components once, outside the per-test time limit.
  await Promise.all([import('@/views/TraceboardRoot.vue'), import('@/views/traces/TraceView.vue')])
}, 60_000)
let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const KAFKA = contractJson('traces/zipkin/messaging-kafka.json') as Record<string, unknown>[]
const KAFKA_ID = '0562809467078eab'

function zipkinWith(traces: Record<string, unknown>) {
  return fakeZipkin((req) => {
    const m = /^\/zipkin\/api\/v2\/trace\/(.+)$/.exec(req.path)
    if (m && traces[m[1]!] !== undefined) return { body: traces[m[1]!] }
    if (m) return { status: 404, body: `trace ${m[1]} not found` }
    return { status: 404, body: 'not found' }
  })
}

async function open(path: string, zipkin = zipkinWith({ [KAFKA_ID]: KAFKA }), options = {}) {
  const m = await mountTracesRoute(path, { zipkin, options })
  wrapper = m.wrapper
  await settle(10)
  return { ...m, zipkin }
}

describe('trace page', () => {
  it('loads the trace and shows the header with its counts as data attributes', async () => {
    const { wrapper: w } = await open(`/monitoring/traces/${KAFKA_ID}`)
    const expected = parseTraceFile(contractText('traces/zipkin/messaging-kafka.json')).traces[0]!
    const header = w.find('[data-testid="trace-header"]')
    expect(header.attributes('data-span-count')).toBe(String(expected.spanCount))
    expect(header.attributes('data-error-count')).toBe(String(expected.errorCount))
    expect(header.attributes('data-service-count')).toBe(String(expected.services.length))
    expect(w.findAll('[data-testid="span-row"]')).toHaveLength(expected.spanCount)
    expect(w.find('[data-testid="span-detail"]').exists()).toBe(false)
  })

  it('opens a deep-linked span (?span=) and keeps the selection in the URL', async () => {
    const { wrapper: w, router } = await open(`/monitoring/traces/${KAFKA_ID}?span=09fdf808ef0d60c0`)
    const detail = w.find('[data-testid="span-detail"]')
    expect(detail.exists()).toBe(true)
    expect(detail.find('[data-testid="detail-span-id"]').text()).toBe('09fdf808ef0d60c0')
    expect(w.find('.tb-wf-row.is-selected').attributes('data-span-id')).toBe('09fdf808ef0d60c0')
    const other = w.findAll('[data-testid="span-row"]').find((r) => r.attributes('data-span-id') !== '09fdf808ef0d60c0')!
    await other.trigger('click')
    await settle()
    expect(router.currentRoute.value.query.span).toBe(other.attributes('data-span-id'))
    expect(w.find('[data-testid="detail-span-id"]').text()).toBe(other.attributes('data-span-id'))
  })

  it('keeps search, service filter and tab in the URL', async () => {
    const { wrapper: w, router } = await open(`/monitoring/traces/${KAFKA_ID}?find=on-message&svc=servicea`)
    await settle(200)
    expect((w.find('[data-testid="trace-find"]').element as HTMLInputElement).value).toBe('on-message')
    expect(w.find('[data-testid="find-count"]').text()).toMatch(/^1 \/ \d+$/)
    expect(w.find('[data-testid="hidden-spans"]').exists()).toBe(true)
    await w.find('[data-testid="tab-stats"]').trigger('click')
    await settle(10)
    expect(router.currentRoute.value.query).toMatchObject({ tab: 'stats', find: 'on-message', svc: 'servicea' })
    expect(w.findAll('[data-testid="stats-row"]').length).toBeGreaterThan(0)
  })

  it('explains clock skew adjustment in the header', async () => {
    const skew = contractJson('traces/zipkin/skew.json') as { traceId: string }[]
    const id = skew[0]!.traceId
    const { wrapper: w } = await open(`/monitoring/traces/${id}`, zipkinWith({ [id]: skew }))
    const warning = w.find('[data-testid="trace-header"] [data-code="skew-adjusted"]')
    expect(warning.exists()).toBe(true)
    expect(warning.text()).toContain('Clock skew adjusted')
    expect(w.findAll('.tb-wf-row__warn').some((x) => x.text() === '⚠')).toBe(true)
  })

  it('mounts the page around the trace while it loads: header in place with dashes, waterfall without rows, no logs yet', async () => {
    let answer: (reply: { body: unknown }) => void = () => undefined
    const zipkin = fakeZipkin(() => new Promise((resolve) => (answer = resolve)))
    const { wrapper: w } = await open(`/monitoring/traces/${KAFKA_ID}`, zipkin)
    const pending = w.find('[data-testid="trace-header-pending"]')
    expect(pending.exists()).toBe(true)
    expect(pending.find('[data-testid="trace-loading"]').text()).not.toBe('')
    expect(pending.find('dd').text()).toBe('–')
    expect(w.find('[data-testid="trace-header"]').exists()).toBe(false)
    expect(w.find('[data-testid="trace-waterfall"]').attributes('data-row-count')).toBe('0')
    expect(w.find('[data-testid="download-trace"]').exists()).toBe(false)
    expect(w.find('[data-testid="log-panel"]').exists()).toBe(false)
    const page = w.find('[data-testid="trace-page"]').element

    answer({ body: KAFKA })
    await settle(10)
    const expected = parseTraceFile(contractText('traces/zipkin/messaging-kafka.json')).traces[0]!
    // The same page element takes the rows: nothing is mounted again.
    expect(w.find('[data-testid="trace-page"]').element).toBe(page)
    expect(w.find('[data-testid="trace-header-pending"]').exists()).toBe(false)
    expect(w.find('[data-testid="trace-header"]').attributes('data-span-count')).toBe(String(expected.spanCount))
    expect(w.findAll('[data-testid="span-row"]')).toHaveLength(expected.spanCount)
    expect(w.find('[data-testid="download-trace"]').exists()).toBe(true)
  })

  it('says "not found" for a trace the backend does not have', async () => {
    const { wrapper: w } = await open('/monitoring/traces/ffffffffffffffff')
    expect(w.find('[data-testid="trace-not-found"]').text()).toContain('ffffffffffffffff')
  })

  it('refuses a malformed id without asking the backend', async () => {
    const { wrapper: w, zipkin } = await open('/monitoring/traces/a%20OR%201:1')
    expect(w.find('[data-testid="trace-invalid-id"]').text()).toContain('a OR 1:1')
    expect(zipkin.requests).toHaveLength(0)
  })

  it('shows the failure on this panel with a retry that recovers', async () => {
    const zipkin = fakeZipkin(() => ({ status: 503, body: 'upstream unavailable' }))
    const { wrapper: w } = await open(`/monitoring/traces/${KAFKA_ID}`, zipkin)
    await settle(1200)
    expect(w.find('[data-testid="failure-banner"]').exists()).toBe(true)
    zipkin.respond(() => ({ body: KAFKA }))
    await w.find('[data-testid="failure-banner"] button').trigger('click')
    await settle(10)
    expect(w.find('[data-testid="failure-banner"]').exists()).toBe(false)
    expect(w.find('[data-testid="trace-header"]').exists()).toBe(true)
  })

  it('says when no trace backend is configured', async () => {
    const m = await mountTracesRoute(`/monitoring/traces/${KAFKA_ID}`)
    wrapper = m.wrapper
    expect(m.wrapper.find('[data-testid="traces-not-configured"]').exists()).toBe(true)
  })

  it('renders hostile attribute keys and values as text and links only http(s) URLs', async () => {
    const id = 'abcdefabcdefabcd'
    const hostile = [
      zipkinSpan('0000000000000001', undefined, {
        traceId: id,
        tags: {
          '<img src=x onerror=alert(1)>': '<script>alert(2)</script>',
          'link.good': 'https://example.com/a?b=1',
          'link.bad': 'javascript:alert(3)',
          'link.sneaky': 'java\tscript:alert(4)',
          'big.value': 'x'.repeat(100_000),
        },
      }),
    ]
    const { wrapper: w } = await open(`/monitoring/traces/${id}?span=0000000000000001`, zipkinWith({ [id]: hostile }))
    const detail = w.find('[data-testid="span-detail"]')
    expect(detail.text()).toContain('<img src=x onerror=alert(1)>')
    expect(detail.text()).toContain('<script>alert(2)</script>')
    expect(detail.find('img').exists()).toBe(false)
    expect(detail.find('script').exists()).toBe(false)
    const links = detail.findAll('a').map((a) => a.attributes('href'))
    expect(links).toContain('https://example.com/a?b=1')
    expect(links.some((h) => h?.startsWith('javascript'))).toBe(false)
    // A 100 kB value is cut until asked for.
    expect(detail.html().length).toBeLessThan(20_000)
    await detail.find('[data-testid="expand-value"]').trigger('click')
    expect(detail.html().length).toBeGreaterThan(100_000)
  })

  it('applies the masking rules from the options to span attributes', async () => {
    const id = 'abcdefabcdefabce'
    const spans = [zipkinSpan('0000000000000001', undefined, { traceId: id, tags: { 'user.email': 'kim@example.com', 'card.number': '4111111111111111', plain: 'ok' } })]
    const { wrapper: w } = await open(`/monitoring/traces/${id}?span=0000000000000001`, zipkinWith({ [id]: spans }), {
      masking: { fields: [{ path: 'user.email', action: 'drop' }, { path: 'card.number', action: 'mask', keep: 4 }] },
    })
    const detail = w.find('[data-testid="span-detail"]')
    expect(detail.text()).not.toContain('kim@example.com')
    expect(detail.text()).not.toContain('4111111111111111')
    expect(detail.text()).toContain('****1111')
    expect(detail.find('[data-testid="masked-count"]').text()).toContain('1')
  })
})
