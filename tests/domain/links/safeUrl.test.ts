import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fillLinkTemplate, toSafeHttpUrl, toSafeInAppPath } from '@/domain/links/safeUrl'

describe('toSafeHttpUrl', () => {
  it('accepts http and https URLs', () => {
    expect(toSafeHttpUrl('https://example.com/a?b=1')).toBe('https://example.com/a?b=1')
    expect(toSafeHttpUrl('  HTTP://Example.com ')).toBe('http://example.com/')
  })

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    '//evil.example/x',
    '/relative/path',
    'https:evil.example',
    'javascript%3Aalert(1)',
  ])('keeps %j as text', (v) => expect(toSafeHttpUrl(v)).toBeUndefined())

  it('never yields anything but an http(s) URL, for any input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = toSafeHttpUrl(s)
        return r === undefined || r.startsWith('http://') || r.startsWith('https://')
      }),
    )
  })
})

describe('toSafeInAppPath', () => {
  it('accepts in-app paths and refuses anything that leaves the app', () => {
    expect(toSafeInAppPath('/monitoring/traces?service=a#x')).toBe('/monitoring/traces?service=a#x')
    for (const v of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/\t/evil.example']) {
      expect(toSafeInAppPath(v)).toBeUndefined()
    }
  })
})

describe('fillLinkTemplate', () => {
  const kibana = "https://kibana.example.com/app/discover#/?_a=(query:(query:'trace.id:{traceId}'))"

  it('URL-encodes values', () => {
    expect(fillLinkTemplate(kibana, { traceId: 'abc def&x=1' })).toContain('trace.id:abc%20def%26x%3D1')
  })

  it('never lets a value change the origin', () => {
    expect(fillLinkTemplate('https://{host}/x', { host: 'evil.example' })).toBeUndefined()
    fc.assert(
      fc.property(fc.string(), (v) => {
        const r = fillLinkTemplate(kibana, { traceId: v })
        return r === undefined || new URL(r).origin === 'https://kibana.example.com'
      }),
    )
  })

  it('refuses a template that is not an http(s) URL', () => {
    expect(fillLinkTemplate('javascript:alert({traceId})', { traceId: '1' })).toBeUndefined()
  })
})
