import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SpanIdIndex } from '../../../src/domain/trace/spanIdIndex'

const hex16 = fc.stringMatching(/^[0-9a-f]{16}$/)
const anyId = fc.oneof(
  { weight: 6, arbitrary: hex16 },
  { weight: 1, arbitrary: fc.constantFrom('missing-id', 'zz-not-hex', '0a', 'FFFFFFFFFFFFFFFF', 'ffffffffffffffff', '0000000000000000', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 18 }) },
)

describe('SpanIdIndex (typed-array id table)', () => {
  it('answers exactly like a Map that keeps the first index per id', () => {
    fc.assert(
      // An expected size below the real one makes the table grow while ids are added.
      fc.property(fc.array(anyId, { maxLength: 300 }), fc.array(anyId, { maxLength: 50 }), fc.boolean(), (ids, probes, undersized) => {
        const index = new SpanIdIndex(undersized ? 1 : ids.length)
        const model = new Map<string, number>()
        ids.forEach((id, i) => {
          expect(index.add(id, i)).toBe(!model.has(id))
          if (!model.has(id)) model.set(id, i)
        })
        for (const id of [...ids, ...probes]) {
          expect(index.get(id)).toBe(model.get(id))
          expect(index.has(id)).toBe(model.has(id))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('stays correct when ids collide in the table (ids differing only in the high word)', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => i.toString(16).padStart(8, '0') + '00000000')
    const index = new SpanIdIndex(ids.length)
    ids.forEach((id, i) => expect(index.add(id, i)).toBe(true))
    ids.forEach((id, i) => expect(index.get(id)).toBe(i))
    expect(index.get('ffffffff00000000')).toBeUndefined()
  })
})
