import { describe, expect, it } from 'vitest'
import { compileMasking, maskLogRecord, MASK, NO_MASKING } from '@/domain/masking'
import { LOG_MAPPING_PRESETS } from '@/domain/logs/mappingPresets'
import { toLogRecord } from '@/domain/logs/toLogRecord'
import { readContract } from '../../support/contracts'

const record = () =>
  toLogRecord(
    { index: 'logs-1', id: 'a', source: { ...(readContract('logs/doc-otel.json') as Record<string, unknown>), body: { text: 'login by kim@example.com failed' } } },
    LOG_MAPPING_PRESETS.otel,
  )

describe('maskLogRecord', () => {
  it('masks the message and the same text inside the JSON tree', () => {
    const m = compileMasking({ messagePatterns: ['[\\w.]+@[\\w.]+'], fields: [{ path: 'user.id', action: 'mask' }] })
    const out = maskLogRecord(record(), m)
    expect(out.message).toBe('login by *** failed')
    expect(JSON.stringify(out.fields)).not.toContain('kim@example.com')
    expect((out.fields.attributes as Record<string, unknown>)['user.id']).toBe(MASK)
    // Ids, level and service stay usable for links and chips.
    expect([out.traceId, out.spanId, out.level, out.service]).toEqual(['0102030405060708090a0b0c0d0e0f10', '0102030405060708', 'error', 'my-service'])
  })

  it('applies a rule naming `message` or `logger` to the read-out values', () => {
    const m = compileMasking({ fields: [{ path: 'message', action: 'truncate', length: 5 }, { path: 'logger', action: 'drop' }] })
    const out = maskLogRecord(record(), m)
    expect(out.message).toBe('login…')
    expect(out.logger).toBe('')
  })

  it('returns the record itself without rules', () => {
    const r = record()
    expect(maskLogRecord(r, NO_MASKING)).toBe(r)
  })
})

describe('maskLogRecord, lazily', () => {
  it('masks on first read, once, and never exposes the raw values through any read', () => {
    const m = compileMasking({ messagePatterns: ['kim@example\\.com'] })
    const spy = { calls: 0 }
    const counting = { ...m, maskText: (t: string) => (spy.calls++, m.maskText(t)) }
    const out = maskLogRecord(record(), counting)
    expect(spy.calls).toBe(0)
    expect(out.message).toBe('login by *** failed')
    expect(out.message).toBe('login by *** failed')
    const afterMessage = spy.calls
    expect(afterMessage).toBeGreaterThan(0)
    const json = JSON.parse(JSON.stringify(out)) as Record<string, unknown>
    expect(json.message).toBe('login by *** failed')
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['message', 'fields', 'logger', 'traceId', 'sort']))
    expect(JSON.stringify(json)).not.toContain('kim@example.com')
    // A spread copy keeps ids and time, and nothing unmasked.
    const copy = { ...out }
    expect(copy.traceId).toBe('0102030405060708090a0b0c0d0e0f10')
    expect(JSON.stringify(copy)).not.toContain('kim@example.com')
  })
})
