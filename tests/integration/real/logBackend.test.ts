import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { LogLevel } from '@/domain/logs/logLevel'
import { emptyLevelCounts, normaliseLevel } from '@/domain/logs/logLevel'
import type { LogCursor, LogPage } from '@/domain/logs/logPage'
import type { LogRecord } from '@/domain/logs/logRecord'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend, type ElasticsearchLogBackendConfig, type LogBackend, type LogSearchQuery } from '@/services/logs'
import { tokenize } from '../../../sandbox/es/esText'
import type { JsonObject, JsonValue } from '../../../sandbox/logs/logDocument'
import type { Sandbox } from '../../../sandbox/sandbox'
import { startSandboxServer, type RunningServer } from '../../../sandbox/server'
import type { StoredLog } from '../../../sandbox/store/logStore'
import { failureOf } from '../../support/failureOf'
import { parityDataset } from './dataset'

// LogBackend against a real OpenSearch 2.19 holding the parity dataset's ECS logs (daily
// `logs-*` indices, written by the global setup with `_bulk`), and the same calls against the
// sandbox's Elasticsearch imitation fed the same records: what a user relies on is checked on
// the real answers, and the imitation must give the same records, counts and buckets.
//
// Known, inherent differences (not compared):
// - record ids: OpenSearch generates `_id`s and names the daily index; the sandbox serves one
//   index `logs-sandbox` with `sbx…` ids. Records are compared by content (recordKey).
// - point-in-time: the sandbox imitates Elasticsearch 8 (`POST <index>/_pit`, `_shard_doc`),
//   so its backend is created with flavour `elasticsearch`; OpenSearch 2.19 opens a PIT with
//   `_search/point_in_time` and has no `_shard_doc` (sort values, hence cursors, differ).
const ctx = inject('realBackends')
const now = ctx.nowMs
const window = { fromMs: now - 3_600_000, toMs: now + 60_000 }

let sandbox: Sandbox
let imitation: RunningServer
let stored: StoredLog[]

const client = (baseURL: string) => createHttpClient({ backend: 'logs', baseURL, retry: { retries: 0 } })
function real(config: Partial<ElasticsearchLogBackendConfig> = {}): LogBackend {
  return createElasticsearchLogBackend(client(ctx.opensearch), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'opensearch', ...config })
}
function imitated(): LogBackend {
  return createElasticsearchLogBackend(client(`${imitation.url}/es`), { indexPattern: 'logs-*', mapping: 'ecs', flavour: 'elasticsearch' })
}

/** A record by what it says (ids differ between the stores, see above). */
function recordKey(r: LogRecord): string {
  return [r.timestamp, r.service, r.level, r.traceId ?? '-', r.spanId ?? '-', r.message].join(' | ')
}
const keys = (p: LogPage) => p.records.map(recordKey)
const timeOf = (key: string): string => key.slice(0, key.indexOf(' | '))
/** Keys in their order, except that each run of records of the same timestamp is sorted. */
function tiesSorted(list: readonly string[]): string[] {
  const out: string[] = []
  let run: string[] = []
  for (const k of list) {
    if (run.length > 0 && timeOf(run[0] ?? '') !== timeOf(k)) {
      out.push(...run.sort())
      run = []
    }
    run.push(k)
  }
  return [...out, ...run.sort()]
}

function readPath(doc: JsonObject, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = doc
  for (const part of path.split('.')) {
    node = typeof node === 'object' && node !== null && !Array.isArray(node) ? node[part] : undefined
  }
  return node
}
const str = (doc: JsonObject, path: string) => {
  const v = readPath(doc, path)
  return typeof v === 'string' ? v : undefined
}

/** Every page of a query, following the cursor to the end. */
async function allPages(fetchPage: (after: LogCursor | undefined) => Promise<LogPage>): Promise<LogPage[]> {
  const pages: LogPage[] = []
  let after: LogCursor | undefined
  do {
    const page = await fetchPage(after)
    pages.push(page)
    after = page.cursor
  } while (after && pages.length < 1000)
  return pages
}

function levelCountsOf(docs: readonly StoredLog[]): Record<LogLevel, number> {
  const counts = emptyLevelCounts()
  for (const d of docs) counts[normaliseLevel(str(d.doc, 'log.level'))]++
  return counts
}

/** Creates an index afresh (a rerun against a kept node finds the old one). */
async function put(path: string, body: unknown): Promise<void> {
  await fetch(`${ctx.opensearch}${path}`, { method: 'DELETE' })
  const res = await fetch(`${ctx.opensearch}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`PUT ${path}: HTTP ${res.status} ${await res.text()}`)
}

async function bulk(index: string, docs: readonly object[]): Promise<void> {
  const lines = docs.flatMap((d) => [JSON.stringify({ index: { _index: index } }), JSON.stringify(d)])
  const res = await fetch(`${ctx.opensearch}/_bulk?refresh=true`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' })
  const body = (await res.json()) as { errors?: boolean }
  if (!res.ok || body.errors !== false) throw new Error(`bulk into ${index}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 500)}`)
}

beforeAll(async () => {
  sandbox = parityDataset(now)
  stored = [...sandbox.logs.all()]
  imitation = await startSandboxServer({ sandbox, port: 0 })
})

afterAll(async () => {
  await imitation?.close()
  await sandbox?.shutdown()
})

describe('logs of a trace', () => {
  const traceIdOf = (d: StoredLog) => str(d.doc, 'trace.id') ?? ''
  const traceIds = () => [...new Set(stored.map(traceIdOf))]

  it('finds every log line of each trace, oldest first, the same lines as the imitation', async () => {
    expect(stored.length).toBeGreaterThan(1000)
    for (const traceId of traceIds().slice(0, 40)) {
      const expected = stored.filter((d) => traceIdOf(d) === traceId)
      const page = await real().logsForTrace(traceId, { timeRange: window })
      expect(page.partial, traceId).toBeUndefined()
      expect(page.total, traceId).toEqual({ value: expected.length, atLeast: false })
      expect(page.records.map((r) => r.timestamp), traceId).toEqual(expected.map((d) => str(d.doc, '@timestamp')))
      expect(page.records.every((r) => r.traceId === traceId && r.index.startsWith('logs-'))).toBe(true)
      expect(page.queriedField).toBe('trace.id')
      expect(page.cursor).toBeUndefined()
      expect(keys(await imitated().logsForTrace(traceId, { timeRange: window })), traceId).toEqual(keys(page))
    }
  })

  it('takes the id in upper case, without a time range, narrowed to one span or to levels (the chips keep every level’s count)', async () => {
    const withError = stored.find((d) => str(d.doc, 'log.level') === 'ERROR')
    const traceId = withError ? traceIdOf(withError) : ''
    const expected = stored.filter((d) => traceIdOf(d) === traceId)
    const all = await real().logsForTrace(traceId.toUpperCase())
    expect(all.records).toHaveLength(expected.length)
    expect(all.levelCounts).toEqual(levelCountsOf(expected))

    const spanId = str(expected[0]?.doc ?? {}, 'span.id') ?? ''
    const ofSpan = await real().logsForTrace(traceId, { spanId, timeRange: window })
    expect(ofSpan.records.length).toBe(expected.filter((d) => str(d.doc, 'span.id') === spanId).length)
    expect(ofSpan.records.every((r) => r.spanId === spanId)).toBe(true)
    expect(keys(await imitated().logsForTrace(traceId, { spanId, timeRange: window }))).toEqual(keys(ofSpan))

    const errors = await real().logsForTrace(traceId, { levels: ['error'], timeRange: window })
    expect(errors.records.length).toBe(expected.filter((d) => str(d.doc, 'log.level') === 'ERROR').length)
    expect(errors.records.every((r) => r.level === 'error')).toBe(true)
    expect(errors.levelCounts).toEqual(all.levelCounts)
    const mine = await imitated().logsForTrace(traceId, { levels: ['error'], timeRange: window })
    expect(keys(mine)).toEqual(keys(errors))
    expect(mine.levelCounts).toEqual(errors.levelCounts)
  })

  it('pages a trace’s logs two at a time in a point-in-time, nothing lost or repeated', async () => {
    const [traceId] = traceIds()
      .map((id) => [id, stored.filter((d) => traceIdOf(d) === id).length] as const)
      .sort((a, b) => b[1] - a[1])[0] ?? ['', 0]
    const whole = await real().logsForTrace(traceId, { timeRange: window })
    expect(whole.records.length).toBeGreaterThan(4)
    const pages = await allPages((after) => real().logsForTrace(traceId, { timeRange: window, size: 2, after }))
    expect(pages.flatMap(keys)).toEqual(keys(whole))
    expect(pages[0]?.cursor?.pitId, 'OpenSearch opens a point-in-time').toBeTruthy()
    const mine = await allPages((after) => imitated().logsForTrace(traceId, { timeRange: window, size: 2, after }))
    expect(mine.flatMap(keys)).toEqual(keys(whole))
  })

  it('finds a 64-bit (16-digit) id’s lines logged in either form, and keeps a different 128-bit trace apart', async () => {
    // The parity traces all have 128-bit ids: B3/Sleuth services log 16 digits, OTel SDKs the
    // same id zero-padded to 32. Their own index (own pattern) leaves every other count alone.
    const short = 'a3ce929d0e0e4736'
    const padded = `0000000000000000${short}`
    const other = `4bf92f3577b34da6${short}` // same low half, another trace
    const t0 = now - 60_000
    const doc = (i: number, traceId: string) => ({
      '@timestamp': new Date(t0 + i).toISOString(),
      log: { level: 'INFO' },
      message: `line ${i} of ${traceId}`,
      service: { name: 'legacy-billing' },
      trace: { id: traceId },
    })
    await put('/idforms-2026.12.03', { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: { properties: { '@timestamp': { type: 'date' }, trace: { properties: { id: { type: 'keyword' } } }, log: { properties: { level: { type: 'keyword' } } }, service: { properties: { name: { type: 'keyword' } } }, message: { type: 'text' } } } })
    await bulk('idforms-2026.12.03', [doc(0, short), doc(1, padded), doc(2, other), doc(3, short)])
    const backend = real({ indexPattern: 'idforms-*' })
    const msgs = async (id: string) => (await backend.logsForTrace(id, { timeRange: window })).records.map((r) => r.message)
    const both = [`line 0 of ${short}`, `line 1 of ${padded}`, `line 3 of ${short}`]
    expect(await msgs(short)).toEqual(both)
    expect(await msgs(padded)).toEqual(both)
    expect(await msgs(short.toUpperCase())).toEqual(both)
    expect(await msgs(other)).toEqual([`line 2 of ${other}`])
    const found = await backend.logsForTrace(padded, { timeRange: window })
    expect(found.records.map((r) => r.traceId), 'both forms read back as the canonical 16 digits').toEqual([short, short, short])
  })

  it('refuses a malformed trace id before any request', async () => {
    for (const bad of ['*', 'a OR 1:1', '0123456789abcdef0', '']) {
      await expect(real().logsForTrace(bad)).rejects.toMatchObject({ problem: { kind: 'invalidTraceId' } })
    }
  })
})

describe('log search', () => {
  const inWindow = () => stored
  const queries: (Omit<LogSearchQuery, 'timeRange'> & { expect?: (d: StoredLog) => boolean })[] = [
    { service: 'business-service', expect: (d) => str(d.doc, 'service.name') === 'business-service' },
    { service: 'no-such-service', expect: () => false },
    { levels: ['error'], expect: (d) => str(d.doc, 'log.level') === 'ERROR' },
    { levels: ['warn', 'debug'], expect: (d) => ['WARN', 'DEBUG'].includes(str(d.doc, 'log.level') ?? '') },
    { fields: { 'tenant.id': 'globex' }, expect: (d) => str(d.doc, 'tenant.id') === 'globex' },
    { service: 'api-gateway', levels: ['error'], expect: (d) => str(d.doc, 'service.name') === 'api-gateway' && str(d.doc, 'log.level') === 'ERROR' },
    { text: 'upstream' },
    { text: 'business-service 500' },
    { text: '"answered 500"' },
    { text: 'token validated' },
    { text: 'token -validated' },
    { text: 'tok*' },
    { text: 'ord-545538' },
    { text: 'HTTP/1.1' },
    { text: 'kid=acme-2026-11' },
    // `customer:acme-c-1003` is the tokens `customer:acme`, `c`, `1003` (UAX #29 keeps `:`
    // between letters): `acme` alone does not find those lines, `customer:acme` does.
    { text: 'acme' },
    { text: 'customer:acme' },
    { text: 'ord-5455*' },
    { text: 'globex-c*' },
    { text: 'orders | payment' },
    { text: 'unbalanced "quote ( and + - |' },
    { text: 'AND OR NOT' },
  ]

  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('%s: same records, total and level counts as the imitation', async (_, q) => {
    const query: LogSearchQuery = { ...q, timeRange: window, size: 50 }
    const res = await real().searchLogs(query)
    const mine = await imitated().searchLogs(query)
    expect(res.partial).toBeUndefined()
    expect(keys(mine)).toEqual(keys(res))
    expect(mine.total).toEqual(res.total)
    expect(mine.levelCounts).toEqual(res.levelCounts)
    const times = res.records.map((r) => r.timeMs)
    expect(times, 'newest first').toEqual([...times].sort((a, b) => b - a))
    if (q.expect) {
      const expected = inWindow().filter(q.expect)
      expect(res.total).toEqual({ value: expected.length, atLeast: false })
      expect(res.records.length).toBe(Math.min(50, expected.length))
    }
  })

  it('counts every level over the whole query while a level filter narrows the records', async () => {
    const unfiltered = await real().searchLogs({ timeRange: window, size: 1 })
    expect(unfiltered.levelCounts).toEqual(levelCountsOf(stored))
    expect(unfiltered.total).toEqual({ value: stored.length, atLeast: false })
    const errors = await real().searchLogs({ timeRange: window, levels: ['error'], size: 1 })
    expect(errors.levelCounts).toEqual(unfiltered.levelCounts)
    expect(errors.total.value).toBe(unfiltered.levelCounts.error)
  })

  it('reads the whole window page by page in a point-in-time (and by plain search_after): every record once', async () => {
    for (const pointInTime of [true, false]) {
      const backend = real({ pointInTime })
      const pages = await allPages((after) => backend.searchLogs({ timeRange: window, size: 200, after }))
      const records = pages.flatMap((p) => p.records)
      expect(records).toHaveLength(stored.length)
      expect(new Set(records.map((r) => r.id)).size).toBe(stored.length)
      expect(Boolean(pages[0]?.cursor?.pitId), `pointInTime ${pointInTime}`).toBe(pointInTime)
      const mine = await allPages((after) => imitated().searchLogs({ timeRange: window, size: 200, after }))
      // Newest first as OpenSearch answers; among records of the same millisecond the order is
      // its doc order, which Lucene segment merges may change between runs: compared as a set.
      expect(tiesSorted(mine.flatMap(keys))).toEqual(tiesSorted(pages.flatMap(keys)))
      expect(mine.flatMap(keys).map(timeOf)).toEqual(pages.flatMap(keys).map(timeOf))
    }
  })

  it('refuses a field name that is not a field, before any request', async () => {
    for (const field of ['_id', 'a..b', 'x y', '']) {
      await expect(real().searchLogs({ timeRange: window, fields: { [field]: '1' } })).rejects.toMatchObject({ problem: { kind: 'invalidFieldName' } })
    }
  })
})

describe('log volume histogram', () => {
  const histogramQueries = [{}, { service: 'auth-service' }, { levels: ['error', 'warn'] as LogLevel[] }, { text: 'upstream' }, { fields: { 'tenant.id': 'globex' } }]

  it.each(histogramQueries.map((q) => [JSON.stringify(q), q] as const))('%s: the same bars as the imitation, adding up to the search’s counts', async (_, q) => {
    const res = await real().histogram?.({ ...q, timeRange: window, maxBuckets: 60 })
    const mine = await imitated().histogram?.({ ...q, timeRange: window, maxBuckets: 60 })
    if (!res || !mine) throw new Error('no histogram')
    expect(res.partial).toBeUndefined()
    // 61 minutes in at most 60 bars: two-minute bars, aligned to the epoch, from the one
    // holding the window's start to the one holding its end (31 or 32, by the clock).
    expect(res.intervalMs).toBe(120_000)
    expect(res.buckets.length).toBe(Math.floor(window.toMs / 120_000) - Math.floor(window.fromMs / 120_000) + 1)
    expect(mine).toEqual(res)
    const search = await real().searchLogs({ ...q, timeRange: window, size: 1 })
    expect(res.total).toEqual(search.total)
    expect(res.buckets.reduce((n, b) => n + b.total, 0)).toBe(search.total.value)
    const levels = emptyLevelCounts()
    for (const b of res.buckets) for (const [l, n] of Object.entries(b.levels) as [LogLevel, number][]) levels[l] += n
    // The histogram counts what the levels filter keeps; the search's chips count before it.
    if (!('levels' in q)) expect(levels).toEqual(search.levelCounts)
  })

  it('draws one trace’s logs, 16- or 32-digit id alike', async () => {
    const traceId = str(stored[0]?.doc ?? {}, 'trace.id') ?? ''
    const res = await real().histogram?.({ traceId, timeRange: window })
    expect(res?.total.value).toBe(stored.filter((d) => str(d.doc, 'trace.id') === traceId).length)
    expect(await imitated().histogram?.({ traceId, timeRange: window })).toEqual(res)
  })
})

describe('the real analyzer and the imitation’s tokenizer', () => {
  it('cut every message of the dataset (and some edge cases) into the same tokens', async () => {
    const edgeCases = [
      'customer:acme-c-1 12:30:45 v1.2.3 abc.123 1,000,000.5 a,b 1;2 o\'neil\'s it’s foo_bar _x x_ a.b.c ..a.. a-b',
      'com.acme.auth.TokenService$Inner HTTP/1.1 kid=acme-2026-11 ord-104233 (base=EUR, 32 currencies) user@example.com',
      'Ünïcödé ÉCOLE straße 東京 ひらがな カタカナ 한국어 mixed123abc 3.14e10',
    ]
    const messages = [...new Set(stored.map((d) => str(d.doc, 'message') ?? '')), ...edgeCases]
    const mismatches: string[] = []
    for (let i = 0; i < messages.length; i += 8) {
      // Eight at a time: the node's analyze pool queues 16 and answers 429 beyond.
      await Promise.all(messages.slice(i, i + 8).map(async (text) => {
        const res = await fetch(`${ctx.opensearch}/_analyze`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ analyzer: 'standard', text }) })
        const body = (await res.json()) as { tokens?: { token: string }[] }
        if (!body.tokens) throw new Error(`_analyze ${JSON.stringify(text)}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
        const realTokens = body.tokens.map((t) => t.token)
        if (JSON.stringify(realTokens) !== JSON.stringify(tokenize(text))) mismatches.push(`${text} → ${JSON.stringify(realTokens)} vs ${JSON.stringify(tokenize(text))}`)
      }))
    }
    expect(mismatches).toEqual([])
  })
})

describe('detecting the mapping', () => {
  it('recognises ECS from the real index template', async () => {
    const detection = await real().detectMapping?.()
    expect(detection?.preset).toBe('ecs')
    expect(detection?.traceIdField?.queryField).toBe('trace.id')
  })
})

describe('what the engine refuses or half-answers', () => {
  it('reports a partial answer when one index’s shard fails (a field mapped differently after a template change)', async () => {
    // Two daily indices where `customer.id` was a long before the template became a keyword:
    // a `term` with a non-numeric value fails on the old index's shard only, and the engine
    // answers 200 with `_shards.failed: 1` and the new index's records.
    const mapping = (type: string) => ({
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' }, log: { properties: { level: { type: 'keyword' } } }, customer: { properties: { id: { type } } } } },
    })
    await put('/mixed-2026.12.01', mapping('long'))
    await put('/mixed-2026.12.02', mapping('keyword'))
    const t = now - 120_000
    await bulk('mixed-2026.12.01', [{ '@timestamp': new Date(t).toISOString(), message: 'old', log: { level: 'INFO' }, customer: { id: 1001 } }])
    await bulk('mixed-2026.12.02', [1, 2, 3].map((i) => ({ '@timestamp': new Date(t + i).toISOString(), message: `new ${i}`, log: { level: 'WARN' }, customer: { id: 'acme-c-1001' } })))
    for (const pointInTime of [true, false]) {
      const backend = real({ indexPattern: 'mixed-*', pointInTime })
      const page = await backend.searchLogs({ timeRange: window, fields: { 'customer.id': 'acme-c-1001' } })
      expect(page.records.map((r) => r.message)).toEqual(['new 3', 'new 2', 'new 1'])
      expect(page.partial).toMatchObject({ timedOut: false, failedShards: 1, totalShards: 2 })
      expect(page.partial?.reasons.join(' ')).toMatch(/\[mixed-2026\.12\.01\]\[0\].*acme-c-1001/)
      const histogram = await backend.histogram?.({ timeRange: window, fields: { 'customer.id': 'acme-c-1001' } })
      expect(histogram?.total.value).toBe(3)
      expect(histogram?.partial?.failedShards).toBe(1)
    }
    // A value both can read answers in full.
    expect((await real({ indexPattern: 'mixed-*' }).searchLogs({ timeRange: window, fields: { 'customer.id': '1001' } })).partial).toBeUndefined()
  })

  it('answers a query every shard refuses with the engine’s error, not an empty page', async () => {
    const failure = await failureOf(real().searchLogs({ timeRange: window, fields: { '@timestamp': 'yesterday' } }))
    expect(failure).toMatchObject({ kind: 'backendError', backend: 'logs', status: 400, errorType: 'search_phase_execution_exception' })
  })

  // The top-level `error.reason` of every shard-level refusal is "all shards failed"; the
  // engine's own reason is in `error.root_cause[0]` / `caused_by` ("failed to parse date field
  // [yesterday] …"), and src/services/httpFailures.ts adds it to the message.
  it('shows the engine’s own reason for a refused query readably', async () => {
    const failure = await failureOf(real().searchLogs({ timeRange: window, fields: { '@timestamp': 'yesterday' } }))
    expect(failure.kind === 'backendError' ? failure.message : '').toMatch(/failed to parse date field \[yesterday\]/)
  })

  it('still answers, by plain search_after, when the node has too many point-in-times open', async () => {
    // OpenSearch counts every open PIT (each lives its keep-alive) against
    // search.max_open_pit_context, 300 by default, and refuses more with 429.
    const limit = (value: number | null) => fetch(`${ctx.opensearch}/_cluster/settings`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transient: { 'search.max_open_pit_context': value } }),
    })
    const opened = await fetch(`${ctx.opensearch}/logs-*/_search/point_in_time?keep_alive=1m`, { method: 'POST' })
    expect(opened.status).toBe(200)
    expect((await limit(1)).status).toBe(200)
    try {
      const page = await real().searchLogs({ timeRange: window, service: 'api-gateway', size: 20 })
      expect(page.records).toHaveLength(20)
      expect(page.cursor?.pitId).toBeUndefined()
      expect(page.cursor?.searchAfter).toHaveLength(2)
    } finally {
      expect((await limit(null)).status).toBe(200)
    }
  })
})

