import { describe, expect, it } from 'vitest'
import { detectMappingPreset } from '@/domain/logs/detectMappingPreset'
import { LOG_MAPPING_PRESETS } from '@/domain/logs/mappingPresets'

const textWithKeyword = { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } }

describe('detectMappingPreset', () => {
  it('recognises ECS: trace.id keyword', () => {
    const res = {
      'logs-app-000001': {
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            trace: { properties: { id: { type: 'keyword' } } },
            span: { properties: { id: { type: 'keyword' } } },
            log: { properties: { level: { type: 'keyword' } } },
            service: { properties: { name: { type: 'keyword' } } },
          },
        },
      },
    }
    const d = detectMappingPreset(res)
    expect(d.preset).toBe('ecs')
    expect(d.mapping).toBe(LOG_MAPPING_PRESETS.ecs)
    expect(d.traceIdField).toEqual({ path: 'trace.id', type: 'keyword', queryField: 'trace.id' })
  })

  it('recognises the OTel mapping even where trace.id is an alias of trace_id', () => {
    const res = {
      '.ds-logs-generic.otel-default-2024.03.12-000001': {
        mappings: {
          properties: {
            '@timestamp': { type: 'date_nanos' },
            trace_id: { type: 'keyword' },
            span_id: { type: 'keyword' },
            severity_text: { type: 'keyword' },
            trace: { properties: { id: { type: 'alias', path: 'trace_id' } } },
            resource: { properties: { attributes: { type: 'passthrough', properties: { 'service.name': { type: 'keyword' } } } } },
          },
        },
      },
    }
    const d = detectMappingPreset(res)
    expect(d.preset).toBe('otel')
    expect(d.mapping?.query.traceId).toBe('trace_id')
    expect(d.mapping?.query.service).toBe('resource.attributes.service.name')
    expect(d.candidates.map((c) => c.path).sort()).toEqual(['trace.id', 'trace_id'])
  })

  it('recognises Spring logstash with dynamic mapping (traceId text + .keyword)', () => {
    const res = {
      'spring-2024.03.12': {
        mappings: {
          properties: {
            '@timestamp': { type: 'date' },
            traceId: textWithKeyword,
            spanId: textWithKeyword,
            level: textWithKeyword,
            app: textWithKeyword,
          },
        },
      },
    }
    const d = detectMappingPreset(res)
    expect(d.preset).toBe('spring-logstash')
    expect(d.mapping).toBe(LOG_MAPPING_PRESETS['spring-logstash'])
    expect(d.traceIdField).toEqual({ path: 'traceId', type: 'text', queryField: 'traceId.keyword' })
  })

  it('adapts the query fields when the types differ from the preset (traceId mapped as keyword)', () => {
    const res = { idx: { mappings: { properties: { traceId: { type: 'keyword' }, spanId: { type: 'keyword' }, level: textWithKeyword } } } }
    const d = detectMappingPreset(res)
    expect(d.preset).toBe('spring-logstash')
    expect(d.mapping?.id).toBe('custom')
    expect(d.mapping?.query.traceId).toBe('traceId')
    expect(d.mapping?.query.spanId).toBe('spanId')
    expect(d.mapping?.query.level).toBe('level.keyword')
  })

  it('recognises raw OTel (TraceId), querying the .keyword subfield under dynamic mapping', () => {
    const res = { 'otel-raw': { mappings: { properties: { TraceId: textWithKeyword, SpanId: textWithKeyword } } } }
    const d = detectMappingPreset(res)
    expect(d.preset).toBe('otel-raw')
    expect(d.mapping?.query.traceId).toBe('TraceId.keyword')
    expect(d.mapping?.query.spanId).toBe('SpanId.keyword')
  })

  it('reads ES 6 mappings nested under a type name', () => {
    const res = { old: { mappings: { _doc: { properties: { trace: { properties: { id: { type: 'keyword' } } } } } } } }
    expect(detectMappingPreset(res).preset).toBe('ecs')
  })

  it('returns no preset but lists the candidates when no known trace-id field is queryable', () => {
    const res = {
      idx: {
        mappings: {
          properties: {
            traceId: { type: 'text' },
            context: { properties: { 'x-b3-traceid': { type: 'keyword' } } },
            message: { type: 'text' },
          },
        },
      },
    }
    const d = detectMappingPreset(res)
    expect(d.preset).toBeUndefined()
    expect(d.mapping).toBeUndefined()
    expect(d.candidates).toEqual([
      { path: 'traceId', type: 'text' },
      { path: 'context.x-b3-traceid', type: 'keyword' },
    ])
  })

  it('survives responses that are not mappings at all', () => {
    for (const junk of [null, [], 'x', { a: 1 }, { a: { mappings: null } }]) {
      expect(detectMappingPreset(junk)).toEqual({ candidates: [] })
    }
  })
})
