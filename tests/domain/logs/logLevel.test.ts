import { describe, expect, it } from 'vitest'
import {
  emptyLevelCounts,
  levelFromSeverityNumber,
  levelQueryValues,
  LOG_LEVELS,
  normaliseLevel,
  severityNumberRange,
} from '@/domain/logs/logLevel'

describe('normaliseLevel', () => {
  it.each([
    ['WARN', 'warn'], ['Warning', 'warn'], ['warning', 'warn'], [' w ', 'warn'],
    ['ERROR', 'error'], ['err', 'error'], ['SEVERE', 'error'],
    ['i', 'info'], ['informational', 'info'], ['NOTICE', 'info'],
    ['FINE', 'debug'], ['DEBUG', 'debug'], ['TRACE', 'trace'], ['verbose', 'trace'],
    ['FATAL', 'fatal'], ['critical', 'fatal'], ['emerg', 'fatal'],
  ] as const)('%s → %s', (raw, level) => {
    expect(normaliseLevel(raw)).toBe(level)
  })

  it('drops the OTel sub-level digit (ERROR2, INFO4)', () => {
    expect(normaliseLevel('ERROR2')).toBe('error')
    expect(normaliseLevel('INFO4')).toBe('info')
  })

  it('falls back to the OTel severity number when the text is unknown or missing', () => {
    expect(normaliseLevel(undefined, 17)).toBe('error')
    expect(normaliseLevel('', 13)).toBe('warn')
    expect(normaliseLevel('whatever', '9')).toBe('info')
    expect(normaliseLevel('DEBUG', 17)).toBe('debug')
  })

  it('says unknown for anything else', () => {
    expect(normaliseLevel('loud')).toBe('unknown')
    expect(normaliseLevel(undefined, 99)).toBe('unknown')
    expect(normaliseLevel(42)).toBe('unknown')
  })
})

describe('severity numbers', () => {
  it('maps the OTel ranges both ways', () => {
    expect(levelFromSeverityNumber(1)).toBe('trace')
    expect(levelFromSeverityNumber(24)).toBe('fatal')
    expect(levelFromSeverityNumber(0)).toBeUndefined()
    expect(levelFromSeverityNumber(12.5)).toBeUndefined()
    expect(severityNumberRange('warn')).toEqual({ gte: 13, lte: 16 })
  })
})

describe('levelQueryValues', () => {
  it('lists every case spelling a keyword field may hold', () => {
    const values = levelQueryValues('warn')
    for (const v of ['warn', 'WARN', 'Warn', 'warning', 'WARNING', 'Warning']) expect(values).toContain(v)
    expect(values).not.toContain('error')
    for (const v of values) expect(normaliseLevel(v)).toBe('warn')
  })
})

describe('emptyLevelCounts', () => {
  it('has a zero for every level', () => {
    const counts = emptyLevelCounts()
    expect(Object.keys(counts).sort()).toEqual([...LOG_LEVELS].sort())
    expect(Object.values(counts).every((n) => n === 0)).toBe(true)
  })
})
