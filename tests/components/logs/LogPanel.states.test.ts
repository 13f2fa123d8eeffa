import { afterEach, describe, expect, it } from 'vitest'
import LogPanel from '@/components/logs/LogPanel.vue'
import { bodyOf, contractDoc, ecsDocs, mountInTraceboard, searchResponse, settle, TRACE_ID } from '../../support/logsHarness'

const WINDOW = { fromMs: Date.UTC(2024, 2, 12, 19, 59), toMs: Date.UTC(2024, 2, 12, 20, 2) }

afterEach(() => {
  document.body.innerHTML = ''
})

describe('LogPanel states', () => {
  it('says loading until the answer comes, then shows the rows', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, timeWindow: WINDOW })
    let release: () => void = () => {}
    h.es.reply(() => new Promise((resolve) => (release = () => resolve({ body: searchResponse(ecsDocs(3)) }))))
    await h.wrapper.setProps({ traceId: '1102030405060708090a0b0c0d0e0f10' })
    await settle()
    expect(h.wrapper.find('[data-testid="log-loading"]').exists()).toBe(true)
    expect(h.wrapper.get('[data-testid="log-panel"]').attributes('aria-busy')).toBe('true')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(0)
    release()
    await settle()
    expect(h.wrapper.find('[data-testid="log-loading"]').exists()).toBe(false)
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(3)
  })

  it('cancels the request of a trace the user left: a late answer never replaces the new one', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID })
    const OTHER = '1102030405060708090a0b0c0d0e0f10'
    let releaseOld: () => void = () => {}
    h.es.reply(() => new Promise((resolve) => (releaseOld = () => resolve({ body: searchResponse(ecsDocs(2, () => ({ message: 'old trace' }))) }))))
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    h.es.reply({ body: searchResponse(ecsDocs(1, () => ({ message: 'new trace' }))) })
    await h.wrapper.setProps({ traceId: OTHER })
    await settle()
    releaseOld()
    await settle()
    expect(h.wrapper.findAll('[data-testid="log-row-message"]').map((m) => m.text())).toEqual(['new trace'])
    expect((h.es.requests.at(-1)!.body!.query as { bool: { filter: unknown[] } }).bool.filter[0]).toEqual({ term: { 'trace.id': OTHER } })
  })

  it('says where it looked when there are no logs: index pattern, time range and queried field', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, timeWindow: WINDOW })
    const empty = h.wrapper.get('[data-testid="log-empty"]')
    expect(empty.text()).toContain('No logs for this trace in logs-* between 2024-')
    expect(empty.text()).toContain('Traceboard queried the field trace.id')
    expect(bodyOf(h).query).toEqual({
      bool: { filter: [{ term: { 'trace.id': TRACE_ID } }, { range: { '@timestamp': { gte: WINDOW.fromMs, lte: WINDOW.toMs, format: 'epoch_millis' } } }] },
    })
  })

  it('reads the index mapping on request and names the preset that fits', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, timeWindow: WINDOW })
    h.es.reply((req) =>
      req.url.endsWith('/_mapping')
        ? { body: { 'logs-otel-1': { mappings: { properties: { trace_id: { type: 'keyword' }, span_id: { type: 'keyword' } } } } } }
        : { body: searchResponse([]) },
    )
    await h.wrapper.get('[data-testid="check-mapping"]').trigger('click')
    await settle()
    expect(h.es.requests.at(-1)?.url).toBe('/api/logs/logs-*/_mapping')
    expect(h.wrapper.get('[data-testid="mapping-result"]').text()).toBe(
      'The index has trace_id (keyword); the “otel” mapping fits it (it queries trace_id).',
    )
  })

  it('shows a partial badge that says why: timed out, or how many shards failed and their reasons', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID }, {})
    h.es.reply({ body: searchResponse(ecsDocs(2), { timedOut: true }) })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(h.wrapper.get('[data-testid="partial-badge"]').text()).toContain('Partial: the search timed out')

    h.es.reply({
      body: searchResponse(ecsDocs(2), {
        shards: { total: 3, successful: 2, failed: 1, failures: [{ index: 'logs-b', shard: 0, reason: { type: 'query_shard_exception', reason: 'No mapping found for [@timestamp]' } }] },
      }),
    })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    const badge = h.wrapper.get('[data-testid="partial-badge"]')
    expect(badge.text()).toContain('Partial: 1 of 3 shards failed')
    expect(badge.text()).toContain('[logs-b][0] query_shard_exception: No mapping found for [@timestamp]')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(2)
  })

  it('treats all shards failing as an error, not as "no logs"', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID })
    h.es.reply({
      body: searchResponse([], { shards: { total: 2, successful: 0, failed: 2, failures: [{ index: 'logs-a', shard: 0, reason: { type: 'search_phase_execution_exception', reason: 'boom' } }] } }),
    })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(h.wrapper.get('[data-testid="failure-banner"]').attributes('data-kind')).toBe('backendError')
    expect(h.wrapper.find('[data-testid="log-empty"]').exists()).toBe(false)
  })

  it('keeps the last good logs on a failed refresh, marked stale with their age, and retries from the banner', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID })
    h.es.reply({ body: searchResponse(ecsDocs(4)) })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    h.es.reply({ status: 500, body: { error: { type: 'illegal_state_exception', reason: 'node shutting down' }, status: 500 } })
    await h.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(h.wrapper.get('[data-testid="failure-banner"]').text()).toContain('illegal_state_exception')
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(4)
    expect(h.wrapper.get('[data-testid="stale-badge"]').text()).toMatch(/^Showing logs from \d+ s ago: the latest request failed\.$/)

    h.es.reply({ body: searchResponse(ecsDocs(5)) })
    await h.wrapper.get('[data-testid="failure-banner"] button').trigger('click')
    await settle()
    expect(h.wrapper.find('[data-testid="failure-banner"]').exists()).toBe(false)
    expect(h.wrapper.find('[data-testid="stale-badge"]').exists()).toBe(false)
    expect(h.wrapper.findAll('[data-testid="log-row"]')).toHaveLength(5)
  })

  it('says logs are not configured, and sends nothing', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID }, { logs: null })
    expect(h.wrapper.get('[data-testid="log-not-configured"]').text()).toContain('Logs are not configured')
    expect(h.es.requests).toHaveLength(0)
  })

  it('says the user may not read logs when the host denies logs:read (sync or async), and sends nothing', async () => {
    const sync = await mountInTraceboard(LogPanel, { traceId: TRACE_ID }, { can: (p) => p !== 'logs:read' })
    expect(sync.wrapper.get('[data-testid="log-denied"]').text()).toContain('(logs:read)')
    expect(sync.es.requests).toHaveLength(0)
    const asked: string[] = []
    const later = await mountInTraceboard(LogPanel, { traceId: TRACE_ID }, { can: async (p) => (asked.push(p), false) })
    expect(asked).toEqual(['logs:read'])
    expect(later.wrapper.find('[data-testid="log-denied"]').exists()).toBe(true)
    expect(later.es.requests).toHaveLength(0)
  })

  it('refuses a malformed trace id inline and sends no request', async () => {
    for (const bad of ['*', 'a OR 1:1', '0102030405060708090a0b0c0d0e0f101', '00000000000000000000000000000000']) {
      const h = await mountInTraceboard(LogPanel, { traceId: bad })
      expect(h.wrapper.get('[data-testid="log-problem"]').text()).toContain('is not a trace id: it must be 16 or 32 hexadecimal digits')
      expect(h.es.requests).toHaveLength(0)
      expect(h.wrapper.find('[data-testid="log-empty"]').exists()).toBe(false)
    }
  })

  it('shows the other document shapes too (OTel mapping, spring-logstash)', async () => {
    const otel = await mountInTraceboard(LogPanel, { traceId: TRACE_ID }, { logs: { url: '/api/logs', indexPattern: 'logs-*.otel-*', mapping: 'otel' } })
    otel.es.reply({ body: searchResponse([contractDoc('otel')]) })
    await otel.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    expect(bodyOf(otel).query).toEqual({ bool: { filter: [{ term: { trace_id: TRACE_ID } }] } })
    expect(otel.wrapper.get('[data-testid="log-row"]').text()).toContain('User authentication failed')
    expect(otel.wrapper.get('[data-testid="log-row"]').text()).toContain('my-service')

    const spring = await mountInTraceboard(LogPanel, { traceId: TRACE_ID.slice(16) }, { logs: { url: '/api/logs', indexPattern: 'app-logs-*', mapping: 'spring-logstash' } })
    spring.es.reply({
      body: searchResponse([{ '@timestamp': '2024-03-12T20:00:41.123+09:00', message: 'Payment timed out', level: 'WARN', logger_name: 'com.shop.Pay', traceId: TRACE_ID.slice(16), spanId: '0a0b0c0d0e0f1011', app: 'order-service' }]),
    })
    await spring.wrapper.get('.tb-log-panel__refresh').trigger('click')
    await settle()
    // A 64-bit id is also looked up in its zero-padded 128-bit form.
    expect(bodyOf(spring).query).toEqual({ bool: { filter: [{ terms: { 'traceId.keyword': [TRACE_ID.slice(16), `0000000000000000${TRACE_ID.slice(16)}`] } }] } })
    expect(spring.es.requests.at(-1)?.url).toBe('/api/logs/app-logs-*/_search')
    const row = spring.wrapper.get('[data-testid="log-row"]')
    expect(row.text()).toContain('order-service')
    expect(row.get('.tb-log-row__level').text()).toBe('WARN')
  })

  it('is labelled in Korean when the host chose Korean', async () => {
    const h = await mountInTraceboard(LogPanel, { traceId: TRACE_ID, timeWindow: WINDOW }, { locale: 'ko' })
    expect(h.wrapper.get('h3').text()).toBe('이 트레이스의 로그')
    expect(h.wrapper.get('[data-testid="log-empty"]').text()).toContain('logs-*에서')
  })
})
