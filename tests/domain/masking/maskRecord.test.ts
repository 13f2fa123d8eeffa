import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileMasking, maskField, maskRecord, MASK, NO_MASKING } from '@/domain/masking'
import { readContract } from '../../support/contracts'

const ecsDoc = () => readContract('logs/doc-ecs.json') as Record<string, unknown>
const otelDoc = () => readContract('logs/doc-otel.json') as Record<string, unknown>
const rawDoc = () => readContract('logs/doc-raw-otel-none.json') as Record<string, unknown>

describe('field rules by path', () => {
  const m = compileMasking({ fields: [{ path: 'user.id', action: 'mask' }] })

  it('masks the same logical field in nested, dotted-key and prefixed documents alike', () => {
    expect((maskRecord(ecsDoc(), m).user as Record<string, unknown>).id).toBe(MASK)
    const otel = maskRecord(otelDoc(), m)
    expect((otel.attributes as Record<string, unknown>)['user.id']).toBe(MASK)
    expect(maskRecord(rawDoc(), m)['Attributes.user.id']).toBe(MASK)
    // Nothing else changes.
    expect(maskRecord(ecsDoc(), m).message).toBe('User authentication failed')
    expect(JSON.stringify(maskRecord(otelDoc(), m))).not.toContain('user-123')
  })

  it('drops a field wherever it sits, including whole subtrees', () => {
    const d = compileMasking({ fields: [{ path: 'host', action: 'drop' }, { path: 'Attributes.**', action: 'drop' }] })
    const ecs = maskRecord(ecsDoc(), d)
    expect('host' in ecs).toBe(false)
    const raw = maskRecord(rawDoc(), d)
    expect(Object.keys(raw).filter((k) => k.startsWith('Attributes.'))).toEqual([])
    expect(raw.Body).toBe('User authentication failed')
  })

  it('works on a flat span-attribute map', () => {
    const attrs = { 'http.url': 'https://shop/api?token=abc', 'user.email': 'kim@example.com', 'http.status_code': 500 }
    const r = compileMasking({ fields: [{ path: 'user.email', action: 'mask', keep: 4 }, { path: 'http.url', action: 'truncate', length: 12 }] })
    expect(maskRecord(attrs, r)).toEqual({ 'http.url': 'https://shop…', 'user.email': `${MASK}.com`, 'http.status_code': 500 })
  })

  it('matches `*` within a segment and ignores case', () => {
    const r = compileMasking({ fields: [{ path: '*token*', action: 'mask' }] })
    expect(maskRecord({ auth: { AccessToken: 'x1', tokenType: 'Bearer', other: 'y' } }, r)).toEqual({
      auth: { AccessToken: MASK, tokenType: MASK, other: 'y' },
    })
  })

  it('`*` stays within one segment, `**` spans several', () => {
    const one = compileMasking({ fields: [{ path: 'Attributes.*', action: 'drop' }] })
    expect(maskRecord({ 'Attributes.a': 1, 'Attributes.b.c': 2 }, one)).toEqual({ 'Attributes.b.c': 2 })
  })

  it('does not match a rule inside a longer segment name', () => {
    const r = compileMasking({ fields: [{ path: 'id', action: 'drop' }] })
    expect(maskRecord({ trace: { id: 'a' }, traceid: 'b', uid: 'c' }, r)).toEqual({ trace: {}, traceid: 'b', uid: 'c' })
  })

  it('applies the most severe of several matching rules', () => {
    const r = compileMasking({ fields: [{ path: 'card', action: 'truncate', length: 2 }, { path: 'payment.card', action: 'drop' }] })
    expect(maskRecord({ payment: { card: '4111111111111111' } }, r)).toEqual({ payment: {} })
  })

  it('shows no tail of short values and an object as one mask', () => {
    const r = compileMasking({ fields: [{ path: 'pin', action: 'mask', keep: 4 }, { path: 'secret', action: 'mask', keep: 4 }] })
    expect(maskRecord({ pin: '123456', secret: { a: 'b' } }, r)).toEqual({ pin: MASK, secret: MASK })
  })

  it('masks array items under their array path', () => {
    const r = compileMasking({ fields: [{ path: 'users.email', action: 'mask' }] })
    expect(maskRecord({ users: [{ email: 'a@b.c', n: 1 }, { email: 'd@e.f' }] }, r)).toEqual({ users: [{ email: MASK, n: 1 }, { email: MASK }] })
  })
})

describe('text patterns', () => {
  const m = compileMasking({ messagePatterns: ['[\\w.+-]+@[\\w-]+\\.[\\w.]+', { pattern: '(Bearer )[\\w.-]+', replacement: '$1***' }] })

  it('mask every string value, at any depth, and in keys nowhere', () => {
    const out = maskRecord({ message: 'mail kim@example.com sent', headers: { authorization: 'Bearer eyJ.abc' }, list: ['x@y.io'] }, m)
    expect(out).toEqual({ message: 'mail *** sent', headers: { authorization: 'Bearer ***' }, list: ['***'] })
  })

  it('run before truncation, so a secret is never cut in half and left readable', () => {
    const r = compileMasking({ fields: [{ path: 'msg', action: 'truncate', length: 10 }], messagePatterns: ['secret-\\d+'] })
    expect(maskRecord({ msg: 'id secret-12345678 end' }, r)).toEqual({ msg: 'id *** end' })
  })
})

describe('safety', () => {
  it('keeps `__proto__` as an ordinary key and never touches the prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "kim@example.com"}') as Record<string, unknown>
    const out = maskRecord(hostile, compileMasking({ messagePatterns: ['@example\\.com'] }))
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'a'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(out.a).toBe('kim***')
  })

  it('never changes its input', () => {
    const doc = ecsDoc()
    const before = JSON.stringify(doc)
    maskRecord(doc, compileMasking({ fields: [{ path: 'user', action: 'drop' }], messagePatterns: ['failed'] }))
    expect(JSON.stringify(doc)).toBe(before)
  })

  it('replaces what lies too deep instead of showing it unmasked', () => {
    let deep: Record<string, unknown> = { secret: 'kim@example.com' }
    for (let i = 0; i < 100; i++) deep = { n: deep }
    const out = JSON.stringify(maskRecord(deep, compileMasking({ messagePatterns: ['@example'] })))
    expect(out).not.toContain('kim@example.com')
  })

  it('returns the very same object when there are no rules', () => {
    const doc = ecsDoc()
    expect(maskRecord(doc, NO_MASKING)).toBe(doc)
    expect(compileMasking({})).toBe(NO_MASKING)
  })

  it('a dropped path never survives, whatever the document (property)', () => {
    const r = compileMasking({ fields: [{ path: 'password', action: 'drop' }] })
    const key = fc.oneof(fc.constantFrom('password', 'Password', 'a.password', 'x'), fc.string({ maxLength: 6 }))
    const doc = fc.letrec((tie) => ({
      node: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), tie('node'), fc.array(tie('node'), { maxLength: 3 }))),
    })).node
    fc.assert(
      fc.property(doc, (d) => {
        const seen: string[] = []
        const walk = (v: unknown, path: string): void => {
          if (Array.isArray(v)) v.forEach((x) => walk(x, path))
          else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k)
          else seen.push(path)
        }
        walk(maskRecord(d, r), '')
        return seen.every((p) => !/(^|\.)password$/i.test(p))
      }),
    )
  })

  it('mask reveals at most `keep` characters (property)', () => {
    const r = compileMasking({ fields: [{ path: 'v', action: 'mask', keep: 3 }] })
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => {
        const out = maskRecord({ v: s }, r).v as string
        return out.startsWith(MASK) && Array.from(out.slice(MASK.length)).length <= 3
      }),
    )
  })
})

describe('maskField', () => {
  it('applies the rule for one known path, or the patterns', () => {
    const m = compileMasking({ fields: [{ path: 'db.statement', action: 'drop' }, { path: 'user.id', action: 'mask' }], messagePatterns: ['\\d{6}-\\d{7}'] })
    expect(maskField('db.statement', 'select 1', m)).toEqual({ dropped: true })
    expect(maskField('user.id', 42, m)).toEqual({ dropped: false, value: MASK })
    expect(maskField('note', 'rrn 900101-1234567', m)).toEqual({ dropped: false, value: 'rrn ***' })
  })
})
