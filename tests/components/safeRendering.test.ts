import { describe, expect, it } from 'vitest'
import SafeLink from '@/components/SafeLink.vue'
import FailureBanner from '@/components/FailureBanner.vue'
import { mountWithI18n } from '../support/mountWithTraceboard'

describe('SafeLink', () => {
  it('links only http(s) URLs, with noopener', () => {
    const w = mountWithI18n(SafeLink, { props: { href: 'https://example.com/x' } })
    const a = w.get('a')
    expect(a.attributes('href')).toBe('https://example.com/x')
    expect(a.attributes('rel')).toContain('noopener')
  })

  it('renders javascript: and markup as inert text', () => {
    const w = mountWithI18n(SafeLink, { props: { href: 'javascript:alert(1)//<img src=x onerror=alert(2)>' } })
    expect(w.find('a').exists()).toBe(false)
    expect(w.find('img').exists()).toBe(false)
    expect(w.text()).toBe('javascript:alert(1)//<img src=x onerror=alert(2)>')
  })
})

describe('FailureBanner', () => {
  it('says which backend failed and how, in the chosen language, as text', () => {
    const failure = { kind: 'badResponse' as const, backend: 'zipkin', path: 'data[0]', message: '<script>alert(1)</script>' }
    const en = mountWithI18n(FailureBanner, { props: { failure } })
    expect(en.text()).toContain('zipkin sent a response Traceboard cannot read (data[0])')
    expect(en.find('script').exists()).toBe(false)
    expect(en.text()).toContain('<script>alert(1)</script>')
    const ko = mountWithI18n(FailureBanner, { props: { failure: { kind: 'unauthorized', backend: 'logs', status: 401 } } }, 'ko')
    expect(ko.text()).toContain('logs에 대한 권한이 없습니다')
  })

  it('offers a retry when asked to', async () => {
    const w = mountWithI18n(FailureBanner, { props: { failure: { kind: 'network', backend: 'Prometheus', message: 'x' }, retryable: true } })
    await w.get('button').trigger('click')
    expect(w.emitted('retry')).toHaveLength(1)
  })
})
