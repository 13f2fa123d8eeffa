import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodePath, normalisePath } from '../../gateway/path/normalisePath'

// Characters a real path segment may hold after decoding (service names, index patterns,
// unicode); `/`, `\`, `%`, `;` and control characters are what the normaliser must refuse.
const segmentChar = fc.oneof(
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~*,:@!$&\'()+= '),
  fc.constantFrom('é', 'ü', '한', '🙂', '\u200f', '"', '<', '>', '?', '#', '[', ']'),
)
const segment = fc
  .array(segmentChar, { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join(''))
  .filter((s) => s !== '.' && s !== '..')

const dotDot = fc.constantFrom('..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%2E.', '..;', '..;x')
const smuggled = fc.constantFrom('%2f', '%2F', '%5c', '%5C', '%252e', '%252f', '%00', '%3b', '\\', ';', '%2e')
const rawChar = fc.oneof(
  fc.constantFrom(...'abc./%\\;?#2eEfF05c'.split('')),
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
)

function expectSafe(segments: readonly string[]): void {
  for (const s of segments) {
    expect(s).not.toBe('')
    expect(s).not.toBe('.')
    expect(s).not.toBe('..')
    expect(s).not.toContain('/')
    expect(s).not.toContain('\\')
    expect(s).not.toContain('\0')
  }
}

describe('normalisePath', () => {
  it('decodes an ordinary path into its segments', () => {
    expect(normalisePath('/api/v1/label/__name__/values')).toEqual({ ok: true, segments: ['api', 'v1', 'label', '__name__', 'values'] })
    expect(normalisePath('/api/services/my%20svc%C3%A9/operations')).toEqual({ ok: true, segments: ['api', 'services', 'my svcé', 'operations'] })
    expect(normalisePath('/logs-*,-logs-old/_search')).toEqual({ ok: true, segments: ['logs-*,-logs-old', '_search'] })
  })

  it.each([
    ['/api/../admin', '..'],
    ['/api/./v1', '.'],
    ['/api/%2e%2e/admin', 'encoded dots'],
    ['/api/%2E%2e/admin', 'mixed-case encoded dots'],
    ['/api/.%2e/admin', 'half-encoded dots'],
    ['/api/v1%2f..%2fadmin', 'encoded slash'],
    ['/api/%252e%252e/admin', 'double-encoded dots'],
    ['/api/%25252e/admin', 'triple encoding'],
    ['/api/..%5cadmin', 'encoded backslash'],
    ['/api\\..\\admin', 'raw backslash'],
    ['/api/..;/admin', 'Spring path parameter'],
    ['/api/v1%00/query', 'encoded NUL'],
    ['/api/v1\0/query', 'raw NUL'],
    ['/api//v1', 'empty segment'],
    ['/api/v1/', 'trailing slash'],
    ['/api/%zz', 'malformed escape'],
    ['/api/%c3%28', 'invalid UTF-8'],
    ['/api/%0d%0aX-Injected:1', 'encoded CRLF'],
    ['/api/é', 'raw non-ASCII'],
    ['api/v1', 'no leading slash'],
  ])('refuses %s (%s)', (path) => {
    expect(normalisePath(path).ok).toBe(false)
  })

  it('never returns a traversal, slash, backslash or NUL inside a segment, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(rawChar, { maxLength: 40 }).map((cs) => '/' + cs.join('')), (raw) => {
        const r = normalisePath(raw)
        if (r.ok) expectSafe(r.segments)
      }),
      { numRuns: 5000 },
    )
  })

  it('refuses every path holding a dot-dot segment in any encoding, wherever it sits', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), dotDot, fc.array(segment, { maxLength: 4 }), (before, bad, after) => {
        const raw = '/' + [...before.map(encodeURIComponent), bad, ...after.map(encodeURIComponent)].join('/')
        expect(normalisePath(raw).ok).toBe(false)
      }),
    )
  })

  it('refuses every path with an encoded slash, backslash, percent, semicolon or NUL anywhere', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), smuggled, fc.nat(), (segs, bad, at) => {
        const encoded = segs.map(encodeURIComponent).join('/')
        const i = at % (encoded.length + 1)
        expect(normalisePath('/' + encoded.slice(0, i) + bad + encoded.slice(i)).ok).toBe(false)
      }),
    )
  })

  it('round-trips every list of honest segments, encoded as a browser would, comes back unchanged', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segs) => {
        const viaBrowser = normalisePath('/' + segs.map(encodeURIComponent).join('/'))
        expect(viaBrowser).toEqual({ ok: true, segments: segs })
        // …and what the gateway sends upstream decodes to the same segments again.
        expect(normalisePath(encodePath(segs))).toEqual({ ok: true, segments: segs })
      }),
    )
  })

  it('builds upstream URLs that a URL parser cannot move out of the upstream base path', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segs) => {
        const url = new URL(`http://upstream.internal/prefix${encodePath(segs)}`)
        expect(url.host).toBe('upstream.internal')
        expect(url.pathname).toBe(`/prefix${encodePath(segs)}`)
      }),
    )
  })
})
