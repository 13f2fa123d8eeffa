import { describe, expect, it } from 'vitest'
import { resolveLogMapping } from '@/domain/logs/mappingPresets'
import { esSearchResponseSchema } from '@/services/logs/esSearchSchema'
import { toLogPage } from '@/services/logs/esSearchResult'
import { readContract } from '../../support/contracts'

// elastic/elasticsearch-specification SearchResponseExample1 (see shared/contracts/README.md).
const example = readContract('logs/es-search-response-example.json')

describe('es-search-response-example.json', () => {
  it('passes the _search response schema', () => {
    const parsed = esSearchResponseSchema.safeParse(example)
    expect(parsed.success).toBe(true)
    if (!parsed.success) return
    expect(parsed.data.hits.total).toEqual({ value: 20, relation: 'eq' })
    expect(parsed.data.hits.hits).toHaveLength(1)
    expect(parsed.data._shards).toMatchObject({ total: 1, successful: 1, failed: 0 })
  })

  it('becomes a page of records', () => {
    const res = esSearchResponseSchema.parse(example)
    const page = toLogPage('elasticsearch', res, resolveLogMapping('ecs'), { size: 200, queriedField: 'message' })
    expect(page.total).toEqual({ value: 20, atLeast: false })
    expect(page.partial).toBeUndefined()
    // The example has no sort values (it was not sorted) and fewer hits than a page: no cursor.
    expect(page.cursor).toBeUndefined()
    const [record] = page.records
    expect(record?.id).toBe('my-index-000001/0')
    expect(record?.message).toBe('GET /search HTTP/1.1 200 1070000')
    // "2099-11-15T14:12:12" has no zone: Elasticsearch reads it as UTC.
    expect(record?.timeMs).toBe(Date.UTC(2099, 10, 15, 14, 12, 12))
    expect(record?.level).toBe('unknown')
    expect(record?.fields).toMatchObject({ user: { id: 'kimchy' } })
  })

  it('keeps accepting the response when fields it does not read change shape', () => {
    const copy = structuredClone(example) as { hits: { max_score: unknown; hits: { _score: unknown }[] } }
    copy.hits.max_score = null
    for (const h of copy.hits.hits) h._score = null
    expect(esSearchResponseSchema.safeParse(copy).success).toBe(true)
  })
})
