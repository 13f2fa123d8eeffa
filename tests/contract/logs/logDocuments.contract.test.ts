import { describe, expect, it } from 'vitest'
import { resolveLogMapping, type LogMappingPresetId } from '@/domain/logs/mappingPresets'
import { toLogRecord } from '@/domain/logs/toLogRecord'
import { readContract } from '../../support/contracts'

// One document per mapping mode of the OTel Collector's elasticsearchexporter
// (opentelemetry-collector-contrib exporter/elasticsearchexporter/testdata/docs/), all the same
// log event: ERROR "User authentication failed" from my-service at 2024-03-12T20:00:41.123456789Z.
const CASES: [string, LogMappingPresetId][] = [
  ['logs/doc-ecs.json', 'ecs'],
  ['logs/doc-otel.json', 'otel'],
  ['logs/doc-raw-otel-none.json', 'otel-raw'],
]

describe.each(CASES)('%s read by the %s preset', (file, preset) => {
  const source = readContract(file) as Record<string, unknown>
  const record = toLogRecord({ index: 'logs-test', id: 'doc-1', source }, resolveLogMapping(preset))

  it('reads the timestamp with its nanoseconds', () => {
    expect(record.timeMs).toBe(Date.UTC(2024, 2, 12, 20, 0, 41, 123))
    expect(record.subMsNanos).toBe(456789)
    expect(record.timestamp).toBe('2024-03-12T20:00:41.123456789Z')
  })

  it('reads level, message and service', () => {
    expect(record.level).toBe('error')
    expect(record.levelRaw).toBe('ERROR')
    expect(record.message).toBe('User authentication failed')
    expect(record.service).toBe('my-service')
  })

  it('reads the trace and span ids', () => {
    expect(record.traceId).toBe('0102030405060708090a0b0c0d0e0f10')
    expect(record.spanId).toBe('0102030405060708')
  })

  it('keeps the whole document for the JSON tree', () => {
    expect(record.fields).toEqual(source)
  })
})

describe('a preset reading another mode\'s document', () => {
  it('finds no trace id, so the wrong preset shows up as missing ids rather than wrong ones', () => {
    const source = readContract('logs/doc-otel.json') as Record<string, unknown>
    const record = toLogRecord({ index: 'i', id: '1', source }, resolveLogMapping('ecs'))
    expect(record.traceId).toBeUndefined()
    expect(record.level).toBe('unknown')
  })
})

describe('scope name as logger', () => {
  it('is read from the OTel documents', () => {
    const otel = toLogRecord({ index: 'i', id: '1', source: readContract('logs/doc-otel.json') as Record<string, unknown> }, resolveLogMapping('otel'))
    const raw = toLogRecord({ index: 'i', id: '1', source: readContract('logs/doc-raw-otel-none.json') as Record<string, unknown> }, resolveLogMapping('otel-raw'))
    expect(otel.logger).toBe('io.opentelemetry.example')
    expect(raw.logger).toBe('io.opentelemetry.example')
  })
})
