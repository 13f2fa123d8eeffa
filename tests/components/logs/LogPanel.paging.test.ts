import { afterEach, describe, expect, it } from 'vitest'
import LogPanel from '@/components/logs/LogPanel.vue'
import { ecsDocs, mountInTraceboard, searchResponse, settle, TRACE_ID, type EsHandler, type SeenEsRequest } from '../../support/logsHarness'

afterEach(() => {
  document.body.innerHTML = ''
})

const PAGE = 100
const TOTAL = 230

/** Pages of a 230-record trace, answered by `search_after` (the sort value's `_doc` part). */
function pageFor(req: SeenEsRequest): Record<string, unknown> {
  const after = req.body?.search_after as [number, number] | undefined
  const offset = after ? after[1] + 1 : 0
  const n = Math.max(0, Math.min(PAGE, TOTAL - offset))
  return searchResponse(ecsDocs(offset + n).slice(offset), { offset, total: { value: TOTAL, relation: 'eq' } })
}
const paged: EsHandler = (req) => ({ body: pageFor(req) })

/** Scrolls the list so its last rows are in view (jsdom keeps no scroll position of its own). */
async function scrollToEnd(el: HTMLElement): Promise<void> {
  const rows = el.querySelector<HTMLElement>('.tb-log-list__sizer')?.style.height ?? '0'
  Object.defineProperty(el, 'scrollTop', { configurable: true, value: Math.max(0, Number.parseFloat(rows) - 420) })
  el.dispatchEvent(new Event('scroll'))
  await settle()
}

async function pagedPanel() {
  const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, pageSize: PAGE })
  h.es.reply(paged)
  h.es.requests.length = 0
  await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
  await settle()
  return h
}

describe('LogPanel paging', () => {
  it('shows "N of M", renders only a screenful, and loads the next page by search_after when scrolled near the end', async () => {
    const h = await pagedPanel()
    expect(h.es.requests).toHaveLength(1)
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('100 of 230')
    const rendered = h.wrapper.findAll('[data-testid="log-row"]').length
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(40)

    await scrollToEnd(h.wrapper.get('[data-testid="log-list"]').element as HTMLElement)
    expect(h.es.requests).toHaveLength(2)
    const second = h.es.requests[1]!.body!
    expect(second.search_after).toEqual([1710273641000 + 99, 99])
    expect(second.query).toEqual(h.es.requests[0]!.body!.query)
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('200 of 230')

    await scrollToEnd(h.wrapper.get('[data-testid="log-list"]').element as HTMLElement)
    expect(h.es.requests).toHaveLength(3)
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('230 logs')
    expect(h.wrapper.get('[data-testid="log-list"]').text()).toContain('End of results')
    // A short page is the last: nothing more is asked however far one scrolls.
    await scrollToEnd(h.wrapper.get('[data-testid="log-list"]').element as HTMLElement)
    expect(h.es.requests).toHaveLength(3)
    for (const r of h.es.requests) expect(r.body).not.toHaveProperty('from')
  })

  it('pages in a point-in-time when the store allows one: the next page searches it by its latest id', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, pageSize: PAGE }, { pit: { body: { id: 'pit-1', _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } } } })
    h.es.reply((req) => ({ body: { ...pageFor(req), pit_id: `pit-${Number(req.body?.search_after !== undefined) + 2}` } }))
    h.es.requests.length = 0
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    const [open, first] = h.es.requests
    expect(open).toMatchObject({ method: 'POST', url: '/api/logs/logs-*/_pit?keep_alive=2m' })
    expect(first?.url).toBe('/api/logs/_search')
    expect(first?.body?.pit).toEqual({ id: 'pit-1', keep_alive: '2m' })
    expect(first?.body?.sort).toContainEqual({ _shard_doc: 'asc' })
    await scrollToEnd(h.wrapper.get('[data-testid="log-list"]').element as HTMLElement)
    expect(h.es.requests[2]?.url).toBe('/api/logs/_search')
    expect(h.es.requests[2]?.body).toMatchObject({ pit: { id: 'pit-2', keep_alive: '2m' }, search_after: [1710273641000 + 99, 99] })
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('200 of 230')
  })

  it('says "M+" when the backend stopped counting', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, pageSize: PAGE })
    h.es.reply({ body: searchResponse(ecsDocs(PAGE), { total: { value: 10_000, relation: 'gte' } }) })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('100 of 10,000+')
  })

  it('does not load on scroll while filtering, but offers a button', async () => {
    const h = await pagedPanel()
    await h.wrapper.get('[data-testid="log-filter"]').setValue('step 9')
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('11 matching of 100 loaded')
    await scrollToEnd(h.wrapper.get('[data-testid="log-list"]').element as HTMLElement)
    expect(h.es.requests).toHaveLength(1)
    await h.wrapper.get('[data-testid="load-more"]').trigger('click')
    await settle()
    expect(h.es.requests).toHaveLength(2)
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('11 matching of 200 loaded')
  })

  it('keeps what is loaded when a further page fails, and retries that page', async () => {
    const h = await pagedPanel()
    h.es.reply({ status: 500, body: '<html><title>502 Bad Gateway</title></html>', headers: { 'content-type': 'text/html' } })
    await h.wrapper.get('[data-testid="load-more"]').trigger('click')
    await settle()
    expect(h.wrapper.get('[data-testid="failure-banner"]').text()).toContain('HTML error page "502 Bad Gateway"')
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('100 of 230')
    expect(h.wrapper.find('[data-testid="stale-badge"]').exists()).toBe(false)
    h.es.reply(paged)
    await h.wrapper.get('[data-testid="failure-banner"] button').trigger('click')
    await settle()
    expect(h.es.requests.at(-1)!.body!.search_after).toEqual([1710273641000 + 99, 99])
    expect(h.wrapper.get('[data-testid="log-count"]').text()).toBe('200 of 230')
    expect(h.wrapper.find('[data-testid="failure-banner"]').exists()).toBe(false)
  })

  it('shows a record repeated at a page boundary once', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, pageSize: 3 })
    const docs = ecsDocs(5)
    h.es.reply((req) =>
      req.body?.search_after
        ? { body: searchResponse(docs.slice(2, 5), { offset: 2, total: { value: 5, relation: 'eq' } }) }
        : { body: searchResponse(docs.slice(0, 3), { total: { value: 5, relation: 'eq' } }) },
    )
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(h.wrapper.findAll('[data-testid="log-row-message"]').map((m) => m.text())).toEqual(['step 0 done', 'step 1 done', 'step 2 done', 'step 3 done', 'step 4 done'])
  })
})
