import { readContract } from '../../../support/contracts'

/** The three elasticsearchexporter documents (shared/contracts/logs), by mapping mode. */
export function contractDoc(mode: 'ecs' | 'otel' | 'raw'): Record<string, unknown> {
  const file = mode === 'ecs' ? 'logs/doc-ecs.json' : mode === 'otel' ? 'logs/doc-otel.json' : 'logs/doc-raw-otel-none.json'
  return readContract(file) as Record<string, unknown>
}

export interface ResponseOptions {
  total?: { value: number; relation: 'eq' | 'gte' }
  timedOut?: boolean
  shards?: Record<string, unknown>
  levelBuckets?: { key: string | number; doc_count: number }[]
  firstSort?: number
  /** Index of the first hit, so later pages get distinct ids and `_doc` tiebreakers. */
  offset?: number
}

/**
 * A realistic ES 8 `_search` answer around the given sources: hits sorted by
 * `[@timestamp as epoch ms, _doc]` as our request asks, with a terms aggregation on the level.
 */
export function searchResponse(sources: Record<string, unknown>[], o: ResponseOptions = {}): Record<string, unknown> {
  const first = o.firstSort ?? 1710273641123
  const offset = o.offset ?? 0
  return {
    took: 3,
    timed_out: o.timedOut ?? false,
    _shards: o.shards ?? { total: 3, successful: 3, skipped: 0, failed: 0 },
    hits: {
      total: o.total ?? { value: sources.length, relation: 'eq' },
      max_score: null,
      hits: sources.map((s, i) => ({
        _index: '.ds-logs-app-default-2024.03.12-000001',
        _id: `doc-${offset + i}`,
        _score: null,
        _source: s,
        sort: [first + i, offset + i],
      })),
    },
    aggregations: {
      levels: {
        doc_count_error_upper_bound: 0,
        sum_other_doc_count: 0,
        buckets: o.levelBuckets ?? [],
      },
    },
  }
}
