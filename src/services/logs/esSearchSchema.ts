import { z } from 'zod'

/*
 * Wire schemas of Elasticsearch / OpenSearch `_search` (elasticsearch-specification
 * _global/search/SearchResponse.ts). Loose everywhere: only what the client reads is checked.
 */

const sortValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

const shardFailure = z.looseObject({
  index: z.string().nullish(),
  shard: z.number().nullish(),
  node: z.string().nullish(),
  reason: z.unknown(),
})

const shards = z.looseObject({
  total: z.number(),
  successful: z.number(),
  skipped: z.number().optional(),
  failed: z.number(),
  failures: z.array(shardFailure).optional(),
})

const hit = z.looseObject({
  _index: z.string(),
  _id: z.string(),
  _source: z.record(z.string(), z.unknown()).optional(),
  sort: z.array(sortValue).optional(),
})

// `hits.total` is a number on ES 6 and with `rest_total_hits_as_int`, an object since ES 7.
const total = z.union([z.number(), z.looseObject({ value: z.number(), relation: z.string() })])

const termsBuckets = z.looseObject({
  buckets: z.array(z.looseObject({ key: z.union([z.string(), z.number()]), doc_count: z.number() })),
})

const envelope = {
  timed_out: z.boolean().optional(),
  _shards: shards.optional(),
}

export const esSearchResponseSchema = z.looseObject({
  ...envelope,
  /** Searches by point-in-time: the id the next page must use (it may change from page to page). */
  pit_id: z.string().optional(),
  hits: z.looseObject({
    total: total.optional(),
    hits: z.array(hit),
  }),
  aggregations: z.looseObject({ levels: termsBuckets.optional() }).optional(),
})
export type EsSearchResponse = z.infer<typeof esSearchResponseSchema>
export type EsShards = z.infer<typeof shards>

export const esHistogramResponseSchema = z.looseObject({
  ...envelope,
  hits: z.looseObject({ total: total.optional() }),
  aggregations: z.looseObject({
    histogram: z.looseObject({
      buckets: z.array(z.looseObject({ key: z.number(), doc_count: z.number(), levels: termsBuckets.optional() })),
    }),
  }),
})
export type EsHistogramResponse = z.infer<typeof esHistogramResponseSchema>

/** `GET <index>/_mapping`: index name → its mappings; read by domain/logs/detectMappingPreset. */
export const esMappingResponseSchema = z.record(z.string(), z.unknown())
