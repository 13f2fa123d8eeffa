import { describe, expect, it } from 'vitest'
import { LogQueryError } from '@/domain/logs/logQueryError'
import { customLogMappingFromFlat, LOG_MAPPING_PRESETS, resolveLogMapping, type CustomLogMapping } from '@/domain/logs/mappingPresets'

describe('resolveLogMapping', () => {
  it('returns the preset for a preset id', () => {
    expect(resolveLogMapping('ecs').query.traceId).toBe('trace.id')
    expect(resolveLogMapping('otel').query.traceId).toBe('trace_id')
    expect(resolveLogMapping('spring-logstash').query.traceId).toBe('traceId.keyword')
    expect(resolveLogMapping('otel-raw').query.traceId).toBe('TraceId')
  })

  it('every preset passes its own validation', () => {
    for (const id of Object.keys(LOG_MAPPING_PRESETS) as (keyof typeof LOG_MAPPING_PRESETS)[]) {
      const preset = LOG_MAPPING_PRESETS[id]
      expect(resolveLogMapping({ base: id, query: { ...preset.query }, read: { ...preset.read } }).query).toEqual(preset.query)
    }
  })

  it('lets a custom mapping override any field over a base preset', () => {
    const m = resolveLogMapping({
      base: 'spring-logstash',
      query: { traceId: 'trace_id.keyword', service: 'application.keyword' },
      read: { traceId: ['trace_id'] },
      serviceName: 'billing',
      tiebreaker: 'event.sequence',
    })
    expect(m.id).toBe('custom')
    expect(m.query.traceId).toBe('trace_id.keyword')
    expect(m.query.level).toBe('level.keyword')
    expect(m.read.traceId).toEqual(['trace_id'])
    expect(m.serviceName).toBe('billing')
    expect(m.tiebreaker).toBe('event.sequence')
    expect(m.businessFieldSuffix).toBe('.keyword')
  })

  it('defaults a custom mapping to the ECS base', () => {
    expect(resolveLogMapping({}).query).toEqual(LOG_MAPPING_PRESETS.ecs.query)
  })

  it.each<[string, unknown]>([
    ['unknown preset', 'loki'],
    ['query field with a wildcard', { query: { traceId: 'trace.*' } }],
    ['metadata field', { query: { traceId: '_id' } }],
    ['empty text fields', { query: { text: [] } }],
    ['read path with a space', { read: { message: ['log message'] } }],
    ['read paths not an array', { read: { message: 'message' } }],
    ['bad tiebreaker', { tiebreaker: '_score' }],
    ['bad suffix', { businessFieldSuffix: ' keyword' }],
    ['unknown base', { base: 'loki' }],
  ])('rejects %s', (_what, config) => {
    expect(() => resolveLogMapping(config as CustomLogMapping)).toThrow(LogQueryError)
  })
})

describe('customLogMappingFromFlat', () => {
  it('reads each field where it is queried unless a keyword query field is given', () => {
    const m = resolveLogMapping(customLogMappingFromFlat({
      timestamp: 'ts',
      level: 'lvl',
      message: 'msg',
      service: 'svc',
      traceId: 'tid',
      spanId: 'sid',
      traceIdQueryField: 'tid.keyword',
    }))
    expect(m.query).toEqual({ timestamp: 'ts', traceId: 'tid.keyword', spanId: 'sid', level: 'lvl', service: 'svc', text: ['msg'] })
    expect(m.read).toEqual({ timestamp: ['ts'], traceId: ['tid'], spanId: ['sid'], level: ['lvl'], message: ['msg'], service: ['svc'], logger: [] })
  })
})
