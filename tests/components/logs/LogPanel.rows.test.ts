import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import LogPanel from '@/components/logs/LogPanel.vue'
import { bodyOf, ecsDocs, mountInTraceboard, searchResponse, settle, SPAN_ID, TRACE_ID } from '../../support/logsHarness'

afterEach(() => {
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

async function panelWith(docs: Record<string, unknown>[], props: Record<string, unknown> = {}, o: Parameters<typeof mountInTraceboard>[2] = {}) {
  const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, ...props }, o)
  h.es.reply({
    body: searchResponse(docs, { levelBuckets: [{ key: 'ERROR', doc_count: 7 }, { key: 'err', doc_count: 1 }, { key: 'INFO', doc_count: 30 }] }),
  })
  await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
  await settle()
  return h
}

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'

describe('LogPanel rows', () => {
  it('shows time with milliseconds, level, service, message and a link to the span', async () => {
    const h = await panelWith(ecsDocs(2))
    const row = h.wrapper.get('[data-testid="log-row"]')
    expect(row.get('.tb-log-row__time').text()).toMatch(/^\d\d-\d\d \d\d:\d\d:\d\d\.000$/)
    expect(row.get('.tb-log-row__time').attributes('title')).toContain('2024-03-12T20:00:41.000Z')
    expect(row.get('.tb-log-row__level').text()).toBe('ERROR')
    expect(row.get('.tb-log-row__level').attributes('title')).toBe('ERROR')
    expect(row.get('.tb-log-row__service').text()).toBe('auth-service')
    expect(row.get('[data-testid="log-row-message"]').text()).toBe('step 0 done')
    const span = row.get('[data-testid="log-span-link"]')
    expect(span.attributes('href')).toBe(`/monitoring/traces/${TRACE_ID}?span=${SPAN_ID}`)
    // The panel's trace is the page's own: no link back to it.
    expect(row.find('[data-testid="log-trace-link"]').exists()).toBe(false)
  })

  it('opens the span in the trace page inside the app, or in a new tab with a modifier key', async () => {
    const h = await panelWith(ecsDocs(1))
    await h.wrapper.get('[data-testid="log-span-link"]').trigger('click', { button: 0, ctrlKey: true })
    await settle()
    expect(h.router.currentRoute.value.path).toBe('/')
    await h.wrapper.get('[data-testid="log-span-link"]').trigger('click', { button: 0 })
    // The route's parent (Traceboard's root view) is a lazy chunk: wait for the navigation.
    await vi.waitFor(() => expect(h.router.currentRoute.value.fullPath).toBe(`/monitoring/traces/${TRACE_ID}?span=${SPAN_ID}`), { timeout: 20_000 })
  })

  it('keeps ids as text when there is no trace page to link to', async () => {
    const h = await panelWith(ecsDocs(1), {}, { traceRoute: false })
    expect(h.wrapper.find('[data-testid="log-span-link"]').exists()).toBe(false)
    expect(h.wrapper.get('.tb-log-row__id--span').text()).toBe(SPAN_ID.slice(0, 8))
  })

  it('renders markup in messages, services, stack traces and field keys as text', async () => {
    const doc = { ...ecsDocs(1, () => ({ message: `${HOSTILE}\n  at evil()`, service: HOSTILE }))[0], [`</td>${HOSTILE}`]: HOSTILE, error: { stack_trace: `${HOSTILE}\n\tat x.y(Z.java:1)` } }
    const h = await panelWith([doc])
    await h.wrapper.get('[data-testid="log-row-toggle"]').trigger('click')
    const panel = h.wrapper.get('[data-testid="log-panel"]')
    expect(panel.findAll('script')).toHaveLength(0)
    expect(panel.findAll('img')).toHaveLength(0)
    expect(h.wrapper.get('[data-testid="log-row-message"]').text()).toBe(HOSTILE)
    expect(h.wrapper.get('.tb-log-row__service').text()).toBe(HOSTILE)
    expect(h.wrapper.get('[data-testid="json-tree"]').text()).toContain(`</td>${HOSTILE}`)
    expect(h.wrapper.get('[data-testid="stack-trace"]').text()).toBe(`${HOSTILE}\n\tat x.y(Z.java:1)`)
  })

  it('expands a row into every field as a JSON tree, stack trace preserved, copyable', async () => {
    const writeText = vi.fn(async (_text: string) => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const stack = 'java.lang.IllegalStateException: token expired\n\tat com.shop.Auth.check(Auth.java:42)\n\tat com.shop.Api.handle(Api.java:7)'
    const doc = { ...ecsDocs(1)[0], error: { stack_trace: stack, type: 'java.lang.IllegalStateException' } }
    const h = await panelWith([doc])
    const toggle = h.wrapper.get('[data-testid="log-row-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    expect(h.wrapper.get('[data-testid="stack-trace"]').element.tagName).toBe('PRE')
    expect(h.wrapper.get('[data-testid="stack-trace"]').text()).toBe(stack)
    const tree = h.wrapper.get('[data-testid="json-tree"]')
    expect(tree.text()).toContain('trace')
    expect(tree.text()).toContain(TRACE_ID)
    expect(tree.text()).toContain('user-123')
    await h.wrapper.get('[data-testid="copy-json"]').trigger('click')
    await settle()
    expect(writeText).toHaveBeenCalledTimes(1)
    expect(JSON.parse(String(writeText.mock.calls[0]?.[0] ?? ''))).toEqual(doc)
    expect(h.wrapper.get('[data-testid="copy-json"]').text()).toBe('Copied')
    // Collapsing takes the detail out of the DOM again.
    await toggle.trigger('click')
    expect(h.wrapper.find('[data-testid="log-detail"]').exists()).toBe(false)
  })

  it('keeps a 1 MB value out of the DOM until asked', async () => {
    const huge = 'x'.repeat(1_000_000)
    const h = await panelWith([{ ...ecsDocs(1)[0], payload: huge }])
    await h.wrapper.get('[data-testid="log-row-toggle"]').trigger('click')
    expect(h.wrapper.html().length).toBeLessThan(100_000)
    const more = h.wrapper.findAll('button').find((b) => b.text().startsWith('Show all (1,000,000 characters)'))
    expect(more).toBeDefined()
    await more!.trigger('click')
    expect(h.wrapper.html().length).toBeGreaterThan(1_000_000)
  })

  it('counts levels over the whole query, and a chip asks the backend for that level only', async () => {
    const h = await panelWith(ecsDocs(3))
    const chips = h.wrapper.findAll('[data-testid="level-chip"]')
    expect(chips.map((c) => c.text())).toEqual(['ERROR 8', 'INFO 30'])
    await chips[0]!.trigger('click')
    await settle()
    const body = bodyOf(h)
    expect(body.post_filter).toEqual({ bool: { should: [{ terms: { 'log.level': expect.arrayContaining(['error', 'ERROR', 'err']) } }], minimum_should_match: 1 } })
    expect(h.wrapper.get('[data-testid="level-chip"][data-level="error"]').attributes('aria-pressed')).toBe('true')
    await h.wrapper.get('[data-testid="level-chip-all"]').trigger('click')
    await settle()
    expect(bodyOf(h).post_filter).toBeUndefined()
  })

  it('filters loaded rows by text as the user types, without a request', async () => {
    const h = await panelWith(ecsDocs(6, (i) => ({ message: i % 2 ? `payment ${i} approved` : `token ${i} refreshed` })))
    const before = h.es.requests.length
    await h.wrapper.get('[data-testid="log-filter"]').setValue('PAYMENT')
    expect(h.wrapper.findAll('[data-testid="log-row-message"]').map((m) => m.text())).toEqual(['payment 1 approved', 'payment 3 approved', 'payment 5 approved'])
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('3 matching of 6 loaded')
    await h.wrapper.get('[data-testid="log-filter"]').setValue('payment 3')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(1)
    // Backspace: the shorter query's matches again.
    await h.wrapper.get('[data-testid="log-filter"]').setValue('payment ')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(3)
    await h.wrapper.get('[data-testid="log-filter"]').setValue('nothing like it')
    expect(h.wrapper.text()).toContain('No loaded log matches “nothing like it”.')
    await h.wrapper.get('[data-testid="log-filter"]').setValue('')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(6)
    expect(h.es.requests.length).toBe(before)
  })

  it('moves between rows with the arrow keys', async () => {
    const h = await panelWith(ecsDocs(5))
    const toggles = h.wrapper.findAll('[data-testid="log-row-toggle"]')
    ;(toggles[0]!.element as HTMLElement).focus()
    await toggles[0]!.trigger('keydown', { key: 'ArrowDown' })
    await settle()
    expect(document.activeElement).toBe(toggles[1]!.element)
    await toggles[1]!.trigger('keydown', { key: 'End' })
    await settle()
    expect(document.activeElement).toBe(h.wrapper.findAll('[data-testid="log-row-toggle"]').at(-1)!.element)
  })

  it('links to Kibana through the configured template, values encoded, origin kept', async () => {
    const logsExplorer = "https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))&_g=(time:(from:'{from}',to:'{to}'))"
    const h = await panelWith(ecsDocs(1), { timeWindow: { fromMs: Date.UTC(2024, 2, 12, 20), toMs: Date.UTC(2024, 2, 12, 21) } }, { links: { logsExplorer } })
    const a = h.wrapper.get('[data-testid="logs-explorer-link"] a')
    expect(a.attributes('href')).toBe(
      `https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:${TRACE_ID}'))&_g=(time:(from:'2024-03-12T20%3A00%3A00.000Z',to:'2024-03-12T21%3A00%3A00.000Z'))`,
    )
    expect(a.attributes('rel')).toContain('noopener')
    const hostile = await panelWith(ecsDocs(1), {}, { links: { logsExplorer: 'javascript:alert({traceId})' } })
    expect(hostile.wrapper.find('[data-testid="logs-explorer-link"]').exists()).toBe(false)
  })
})

describe('LogPanel masking', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
  })

  it('masks messages and fields for display, and the text filter cannot find what was masked', async () => {
    const masking = { fields: [{ path: 'user.id', action: 'mask' as const }], messagePatterns: ['[\\w.]+@[\\w.]+'] }
    const h = await panelWith(ecsDocs(2, (i) => ({ message: `login kim${i}@example.com failed` })), { masking })
    expect(h.wrapper.findAll('[data-testid="log-row-message"]').map((m) => m.text())).toEqual(['login *** failed', 'login *** failed'])
    await h.wrapper.get('[data-testid="log-row-toggle"]').trigger('click')
    expect(h.wrapper.get('[data-testid="json-tree"]').text()).not.toContain('user-123')
    expect(h.wrapper.get('[data-testid="log-panel"]').text()).not.toContain('example.com')
    await h.wrapper.get('[data-testid="log-filter"]').setValue('kim0@')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(0)
  })

  it('hides every record when the rules are invalid, and says which rule is wrong', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, masking: { messagePatterns: ['(unclosed'] } })
    expect(h.wrapper.get('[data-testid="log-masking-invalid"]').text()).toContain('masking.messagePatterns[0]: not a valid regular expression')
    expect(h.es.requests).toHaveLength(0)
  })
})
