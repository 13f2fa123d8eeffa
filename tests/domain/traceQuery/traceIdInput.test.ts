import { describe, expect, it } from 'vitest'
import { detectTraceIds, MAX_PASTED_IDS } from '@/domain/traceQuery/traceIdInput'

describe('trace ids pasted into the search box', () => {
  it('recognises one id, 16 or 32 hex digits, in any case, trimmed and unquoted', () => {
    expect(detectTraceIds('  463AC35C9F6413AD48485A3953BB6124 ')).toEqual(['463ac35c9f6413ad48485a3953bb6124'])
    expect(detectTraceIds('"a3953bb612463ac3"')).toEqual(['a3953bb612463ac3'])
  })

  it('recognises several ids separated by spaces, commas, semicolons or lines, without duplicates', () => {
    expect(detectTraceIds('aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb;\ncccccccccccccccc aaaaaaaaaaaaaaaa')).toEqual([
      'aaaaaaaaaaaaaaaa',
      'bbbbbbbbbbbbbbbb',
      'cccccccccccccccc',
    ])
  })

  it('rejects text that is not only ids (FAULTS: *, "a OR 1:1", 33 hex digits)', () => {
    for (const text of ['*', 'a OR 1:1', 'a'.repeat(33), 'GET /checkout', 'aaaaaaaaaaaaaaaa and more', '']) {
      expect(detectTraceIds(text)).toBeUndefined()
    }
  })

  it('caps how many ids are looked up', () => {
    const many = Array.from({ length: 80 }, (_, i) => i.toString(16).padStart(16, '0')).join(' ')
    expect(detectTraceIds(many)).toHaveLength(MAX_PASTED_IDS)
  })
})
