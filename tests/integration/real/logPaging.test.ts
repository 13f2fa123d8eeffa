import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { LogCursor, LogPage } from '@/domain/logs/logPage'
import { createHttpClient } from '@/services/http'
import { createElasticsearchLogBackend, type LogBackend } from '@/services/logs'

// Paging 25,000 log records out of a real OpenSearch 2.19 with the backend's cursor, in a
// point-in-time and by plain search_after: every record exactly once. Ten records share each
// millisecond, so pages end in the middle of ties and only the `_doc` tiebreaker keeps them
// apart. The records live in their own indices (`paging-*`), leaving the parity set alone.
const ctx = inject('realBackends')
const RECORDS = 25_000
const PER_MS = 10
const T0 = ctx.nowMs - 2 * 3_600_000
const range = { fromMs: T0 - 1, toMs: T0 + RECORDS / PER_MS + 1 }
const SHARDED = 'paging-sharded'

function backend(indexPattern: string, pointInTime: boolean): LogBackend {
  const http = createHttpClient({ backend: 'logs', baseURL: ctx.opensearch, retry: { retries: 0 } })
  return createElasticsearchLogBackend(http, { indexPattern, mapping: 'ecs', flavour: 'opensearch', pointInTime, maxPageSize: 1000 })
}

function doc(i: number): object {
  return {
    '@timestamp': new Date(T0 + Math.floor(i / PER_MS)).toISOString(),
    log: { level: ['INFO', 'WARN', 'ERROR', 'DEBUG'][i % 4] },
    service: { name: `svc-${i % 7}` },
    message: `record ${i}`,
    record: { seq: i },
  }
}

async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<unknown> {
  const res = await fetch(`${ctx.opensearch}${path}`, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body })
  const json: unknown = await res.json()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
  return json
}

/** Creates `index` afresh with `shards` and bulk-indexes every record into it, 5,000 a request. */
async function indexRecords(index: string, shards: number): Promise<number> {
  const started = Date.now()
  await fetch(`${ctx.opensearch}/${index}`, { method: 'DELETE' })
  const keyword = { type: 'keyword' }
  await call('PUT', `/${index}`, JSON.stringify({
    settings: { number_of_shards: shards, number_of_replicas: 0 },
    mappings: { properties: { '@timestamp': { type: 'date' }, message: { type: 'text' }, log: { properties: { level: keyword } }, service: { properties: { name: keyword } }, record: { properties: { seq: { type: 'long' } } } } },
  }))
  for (let i = 0; i < RECORDS; i += 5000) {
    const lines: string[] = []
    for (let k = i; k < Math.min(RECORDS, i + 5000); k++) lines.push(JSON.stringify({ index: { _index: index } }), JSON.stringify(doc(k)))
    const last = i + 5000 >= RECORDS
    const res = (await call('POST', `/_bulk${last ? '?refresh=true' : ''}`, lines.join('\n') + '\n', 'application/x-ndjson')) as { errors?: boolean }
    if (res.errors !== false) throw new Error(`bulk into ${index} refused documents`)
  }
  return Date.now() - started
}

/** Follows the cursor to the end; returns each record's `record.seq` in page order, and the pages. */
async function readAll(b: LogBackend): Promise<{ seqs: number[]; pages: LogPage[]; ms: number }> {
  const started = Date.now()
  const pages: LogPage[] = []
  let after: LogCursor | undefined
  do {
    const page = await b.searchLogs({ timeRange: range, size: 1000, after })
    pages.push(page)
    after = page.cursor
  } while (after && pages.length <= RECORDS / 1000 + 1)
  const seqs = pages.flatMap((p) => p.records.map((r) => {
    const rec = r.fields.record
    return typeof rec === 'object' && rec !== null && 'seq' in rec && typeof rec.seq === 'number' ? rec.seq : -1
  }))
  return { seqs, pages, ms: Date.now() - started }
}

function expectEachOnce(seqs: readonly number[]): void {
  expect(seqs).toHaveLength(RECORDS)
  const seen = new Set(seqs)
  expect(seen.size).toBe(RECORDS)
  expect(seen.has(-1)).toBe(false)
  expect(Math.min(...seqs)).toBe(0)
  expect(Math.max(...seqs)).toBe(RECORDS - 1)
}

const timings: string[] = []

beforeAll(async () => {
  const ms = await indexRecords('paging-2026.12.03', 1)
  timings.push(`indexed ${RECORDS} records (1 shard) in ${(ms / 1000).toFixed(1)} s`)
}, 180_000)

describe(`${RECORDS.toLocaleString('en')} records, ${PER_MS} to a millisecond`, () => {
  it.each([true, false])('pointInTime %s: every record exactly once, newest first, ties in _doc order', async (pointInTime) => {
    const { seqs, pages, ms } = await readAll(backend('paging-2026.*', pointInTime))
    timings.push(`paged ${RECORDS} (pointInTime ${pointInTime}) in ${pages.length} pages, ${(ms / 1000).toFixed(1)} s`)
    expectEachOnce(seqs)
    expect(pages[0]?.total).toEqual({ value: 10_000, atLeast: true })
    expect(pages.every((p) => p.partial === undefined)).toBe(true)
    expect(pages.slice(0, -1).every((p) => Boolean(p.cursor?.pitId) === pointInTime)).toBe(true)
    // Newest millisecond first (inside one, `_doc` order: not always the order of the bulk).
    const times = seqs.map((seq) => Math.floor(seq / PER_MS))
    expect(times.every((t, k) => k === 0 || t <= (times[k - 1] ?? t))).toBe(true)
    const counts = pages[0]?.levelCounts
    expect(counts).toMatchObject({ info: RECORDS / 4, warn: RECORDS / 4, error: RECORDS / 4, debug: RECORDS / 4 })
  }, 120_000)

  it('a point-in-time keeps the pages to one snapshot while records keep arriving', async () => {
    const b = backend('paging-2026.*', true)
    const first = await b.searchLogs({ timeRange: range, size: 1000 })
    // Newer records (and one in the middle of the range) after the first page was read.
    const late = [0, 1, 2].map((k) => [
      JSON.stringify({ index: { _index: 'paging-2026.12.03', _id: `late-${k}` } }),
      JSON.stringify({ '@timestamp': new Date(T0 + 1000).toISOString(), message: `late ${k}`, record: { seq: RECORDS + k } }),
    ])
    await call('POST', '/_bulk?refresh=true', late.flat().join('\n') + '\n', 'application/x-ndjson')
    const plain = await backend('paging-2026.*', false).searchLogs({ timeRange: range, text: 'late', size: 10 })
    expect(plain.total.value, 'the late records are searchable').toBe(3)
    try {
      const pages = [first]
      let after = first.cursor
      while (after) {
        const page = await b.searchLogs({ timeRange: range, size: 1000, after })
        pages.push(page)
        after = page.cursor
      }
      const seqs = pages.flatMap((p) => p.records.map((r) => (r.fields.record as { seq: number }).seq))
      expectEachOnce(seqs)
    } finally {
      const deletes = [0, 1, 2].map((k) => JSON.stringify({ delete: { _index: 'paging-2026.12.03', _id: `late-${k}` } }))
      await call('POST', '/_bulk?refresh=true', deletes.join('\n') + '\n', 'application/x-ndjson')
    }
  }, 120_000)

  it('across three shards, where `_doc` numbers repeat from shard to shard', async () => {
    const ms = await indexRecords(SHARDED, 3)
    timings.push(`indexed ${RECORDS} records (3 shards) in ${(ms / 1000).toFixed(1)} s`)
    for (const pointInTime of [true, false]) {
      const { seqs, pages, ms: readMs } = await readAll(backend(SHARDED, pointInTime))
      timings.push(`paged ${RECORDS} across 3 shards (pointInTime ${pointInTime}) in ${pages.length} pages, ${(readMs / 1000).toFixed(1)} s`)
      expectEachOnce(seqs)
    }
  }, 180_000)

  it('reports its figures', () => {
    console.log(timings.join('\n'))
    expect(timings.length).toBeGreaterThan(0)
  })
})
