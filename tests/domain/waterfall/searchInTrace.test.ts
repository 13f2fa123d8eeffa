import { describe, expect, it } from 'vitest'
import { compileMasking } from '@/domain/masking'
import { attributeMasker, matchRank, parseSearchTerms, searchSpans, stepMatch } from '@/domain/waterfall'
import { sampleTrace, span, traceOf } from '../../support/tracesHarness'

describe('search in the trace', () => {
  const trace = sampleTrace()

  it('reads terms and quoted phrases, lowercased', () => {
    expect(parseSearchTerms(' a-SVC  "GET /Checkout" ')).toEqual(['a-svc', 'get /checkout'])
  })

  it('matches service, name, span id and key=value attributes; all terms must match', () => {
    expect([...searchSpans(trace.spans, 'a-svc')]).toEqual([1, 2, 3])
    expect([...searchSpans(trace.spans, '"get /checkout"')]).toEqual([0])
    expect([...searchSpans(trace.spans, 'http.status_code=500')]).toEqual([5])
    expect([...searchSpans(trace.spans, 'c-svc 500')]).toEqual([5])
    expect([...searchSpans(trace.spans, 'a-svc 500')]).toEqual([])
    expect([...searchSpans(trace.spans, '00000000000000a2')]).toEqual([3])
    expect(searchSpans(trace.spans, '   ')).toHaveLength(0)
  })

  it('never matches what masking hides', () => {
    const t = traceOf([span('0000000000000001', undefined, { attributes: { 'user.email': 'kim@example.com', ok: 'visible' } })])
    const mask = attributeMasker(compileMasking({ fields: [{ path: 'user.email', action: 'mask' }] }))
    expect(searchSpans(t.spans, 'kim@example', mask)).toHaveLength(0)
    expect(searchSpans(t.spans, 'kim@example')).toHaveLength(1)
    expect(searchSpans(t.spans, 'visible', mask)).toHaveLength(1)
  })

  it('steps to the next and previous match, wrapping around, and ranks them', () => {
    const m = Int32Array.from([2, 5, 9])
    expect(stepMatch(m, -1, 1)).toBe(2)
    expect(stepMatch(m, 5, 1)).toBe(9)
    expect(stepMatch(m, 9, 1)).toBe(2)
    expect(stepMatch(m, 2, -1)).toBe(9)
    expect(stepMatch(new Int32Array(0), 0, 1)).toBe(-1)
    expect(matchRank(m, 5)).toBe(2)
    expect(matchRank(m, 4)).toBe(0)
  })
})
