import { describe, expect, it } from 'vitest'
import type { LogRecord } from '@/domain/logs/logRecord'
import { createLogTextIndex, logSearchText } from '@/domain/logs/logTextIndex'

function record(i: number, message: string, extra: Partial<LogRecord> = {}): LogRecord {
  return { id: `idx/${i}`, index: 'idx', timestamp: '', timeMs: i, level: 'info', message, service: `svc-${i % 3}`, fields: {}, sort: [i], ...extra }
}

const WORDS = ['Token', 'cache', 'MISS', 'timeout', 'payment', 'İstanbul', 'ß', '日本', 'retry', 'x']
function records(n: number): LogRecord[] {
  return Array.from({ length: n }, (_, i) => record(i, `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} #${i}`, i % 5 === 0 ? { logger: 'com.Shop.Handler', traceId: 'ab'.repeat(16) } : {}))
}
/** What the index must agree with: the lower-cased text of each record, searched one by one. */
const naive = (rs: readonly LogRecord[], needle: string): number[] =>
  rs.flatMap((r, i) => (logSearchText(r).toLowerCase().includes(needle) ? [i] : []))

describe('LogTextIndex', () => {
  const rs = records(2_500) // several chunks, the last one partial
  const index = createLogTextIndex(rs)

  it('finds case-insensitive substrings in message, service, logger, level and ids, as a record-by-record search would', () => {
    for (const needle of ['token', 'miss', 'i̇stanbul', 'ß', '日本', '#12', '#2499', 'svc-2', 'com.shop', 'info', 'abab', 'x #', 'nothing'])
      expect(index.search(needle), needle).toEqual(naive(rs, needle))
  })

  it('never matches across two records', () => {
    const two = [record(0, 'ends with tok'), record(1, 'en starts here')]
    expect(createLogTextIndex(two).search('tok\u0000en')).toEqual([])
    expect(createLogTextIndex(two).search('tok')).toEqual([0])
    // The last field of one record and the first of the next are not one text either.
    expect(createLogTextIndex(two).search('info\n\nen')).toEqual([])
  })

  it('narrows a shorter query’s matches to the same answer as a full search', () => {
    const shorter = index.search('t')
    for (const needle of ['ti', 'tim', 'timeout', 'token c', 'tx']) expect(index.search(needle, shorter), needle).toEqual(naive(rs, needle))
    // Few candidates: each is checked on its own (the scan above serves when most are).
    const few = index.search('#12')
    expect(few.length).toBeLessThan(rs.length / 8)
    for (const needle of ['#123', '#120', '#1299', '#12x']) expect(index.search(needle, few), needle).toEqual(naive(rs, needle))
  })

  it('is built ahead in slices, and a source with a page appended reuses what was built', () => {
    const lazy = createLogTextIndex(rs)
    let slices = 0
    while (lazy.build(() => false)) slices++
    expect(slices).toBe(2)
    const more = rs.concat(records(10).map((r, i) => ({ ...r, id: `idx/more-${i}`, message: `appended ${i}` })))
    const next = createLogTextIndex(more, lazy)
    expect(next.search('appended')).toEqual([2_500, 2_501, 2_502, 2_503, 2_504, 2_505, 2_506, 2_507, 2_508, 2_509])
    expect(next.search('token')).toEqual(naive(more, 'token'))
  })

  it('searches only the first 20,000 characters of a huge message', () => {
    const huge = createLogTextIndex([record(0, `${'a'.repeat(25_000)}needle`), record(1, 'needle')])
    expect(huge.search('needle')).toEqual([1])
  })
})
