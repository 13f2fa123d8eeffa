import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { MaskingRule } from '../../gateway/config/configSchema'
import { createFieldMasker } from '../../gateway/masking/fieldMasker'
import { maskLogSearchResponse } from '../../gateway/masking/maskLogSearchResponse'
import { maskTracePayload } from '../../gateway/masking/maskTracePayload'
import { maskString } from '../../gateway/masking/maskValue'
import { createSecretScrubber } from '../../gateway/masking/scrubSecrets'
import { readContract } from '../support/contracts'

const KEY = 'mask-key-for-tests'
const both = ['logs', 'traces'] as ('logs' | 'traces')[]

function hmac(value: string): string {
  return 'hmac:' + createHmac('sha256', KEY).update(value).digest('hex')
}

function json(v: unknown): string {
  return JSON.stringify(v)
}

describe('masking actions', () => {
  it('mask keeps only the last N characters, and nothing of a value that short', () => {
    expect(maskString({ field: 'x', action: 'mask', keepLast: 4, scope: both }, '4111111111111111', KEY)).toBe('****1111')
    expect(maskString({ field: 'x', action: 'mask', keepLast: 4, scope: both }, 'abcd', KEY)).toBe('****')
    expect(maskString({ field: 'x', action: 'mask', keepLast: 0, scope: both }, 'secret', KEY)).toBe('****')
    expect(maskString({ field: 'x', action: 'mask', keepLast: 2, scope: both }, '홍길동🙂', KEY)).toBe('****동🙂')
  })

  it('truncate keeps N characters without splitting one', () => {
    expect(maskString({ field: 'x', action: 'truncate', length: 5, scope: both }, 'SELECT * FROM patients', KEY)).toBe('SELEC…')
    expect(maskString({ field: 'x', action: 'truncate', length: 5, scope: both }, 'short', KEY)).toBe('short')
    expect(maskString({ field: 'x', action: 'truncate', length: 1, scope: both }, '🙂🙂', KEY)).toBe('🙂…')
  })

  it('hmac is keyed HMAC-SHA256 in hex: stable per value, different per key', () => {
    const rule: MaskingRule = { field: 'x', action: 'hmac', scope: both }
    expect(maskString(rule, 'patient-42', KEY)).toBe(hmac('patient-42'))
    expect(maskString(rule, 'patient-42', KEY)).toMatch(/^hmac:[0-9a-f]{64}$/)
    expect(maskString(rule, 'patient-42', 'another-key')).not.toBe(hmac('patient-42'))
  })
})

describe('log search responses (real Elasticsearch payloads)', () => {
  const rules: MaskingRule[] = [
    { field: 'user.id', action: 'hmac', scope: ['logs'] },
    { field: 'source.ip', action: 'mask', keepLast: 3, scope: ['logs'] },
    { field: 'message', action: 'truncate', length: 10, scope: ['logs'] },
    { field: 'http.response.*', action: 'drop', scope: ['logs'] },
  ]

  it('masks nested _source fields of every hit', () => {
    const body = readContract('logs/es-search-response-example.json')
    maskLogSearchResponse(body, createFieldMasker(rules, 'logs', KEY))
    const source = (body as { hits: { hits: { _source: Record<string, Record<string, unknown>> }[] } }).hits.hits[0]?._source
    expect(source?.user).toEqual({ id: hmac('kimchy') })
    expect(source?.source).toEqual({ ip: '****0.1' })
    expect(source?.message).toBe('GET /searc…')
    // The emptied parent object stays, so the document keeps its shape.
    expect(source?.http).toEqual({ request: { method: 'get' }, response: {}, version: '1.1' })
    expect(json(body)).not.toContain('kimchy')
  })

  it('masks flattened and mixed field names the same way, in arrays too, plus fields and highlight', () => {
    const doc = readContract('logs/doc-ecs.json') as Record<string, unknown>
    const body = {
      hits: {
        hits: [
          { _source: doc },
          { _source: { 'user.id': 'flat-user', user: [{ id: 'array-user' }], message: 'short' }, fields: { 'user.id': ['field-user'] }, highlight: { 'user.id': ['<em>hl-user</em>'] } },
        ],
      },
    }
    maskLogSearchResponse(body, createFieldMasker(rules, 'logs', KEY))
    const text = json(body)
    for (const leaked of ['user-123', 'flat-user', 'array-user', 'field-user', 'hl-user']) expect(text).not.toContain(leaked)
    expect(text).toContain(hmac('flat-user'))
    expect(text).toContain(hmac('array-user'))
  })

  it('drops forbidden fields given as extra drops, whatever the rules say', () => {
    const body = { hits: { hits: [{ _source: { user: { password: 'hunter2', name: 'kim' } } }] } }
    maskLogSearchResponse(body, createFieldMasker([], 'logs', KEY, ['user.password']))
    expect(body.hits.hits[0]?._source.user).toEqual({ name: 'kim' })
  })

  it('masks a whole object leaf by leaf when the rule names the object', () => {
    const body = { hits: { hits: [{ _source: { customer: { email: 'a@b.c', phone: 12345678 } } }] } }
    maskLogSearchResponse(body, createFieldMasker([{ field: 'customer', action: 'mask', keepLast: 0, scope: ['logs'] }], 'logs', KEY))
    expect(body.hits.hits[0]?._source.customer).toEqual({ email: '****', phone: '****' })
  })
})

describe('span payloads (real Zipkin, Jaeger and OTLP payloads)', () => {
  it('Zipkin v2 tags: drop, mask, truncate, hmac', () => {
    const spans = readContract('traces/zipkin/yelp.json') as { tags?: Record<string, string> }[]
    expect(JSON.stringify(spans)).toContain('/token/abcdefgh123456')
    const rules: MaskingRule[] = [
      { field: 'http.uri.client', action: 'truncate', length: 7, scope: ['traces'] },
      { field: 'query', action: 'hmac', scope: ['traces'] },
      { field: 'version_SHA', action: 'mask', keepLast: 4, scope: ['traces'] },
      { field: 'host', action: 'drop', scope: ['traces'] },
    ]
    maskTracePayload(spans, createFieldMasker(rules, 'traces', KEY))
    expect(json(spans)).not.toContain('abcdefgh123456')
    expect(json(spans)).not.toContain('"COMMIT"')
    const tags = spans.map((s) => s.tags ?? {})
    expect(tags.some((t) => t['http.uri.client'] === '/token/…')).toBe(true)
    expect(tags.some((t) => t.query === hmac('COMMIT'))).toBe(true)
    expect(tags.some((t) => t.version_SHA === '****313d')).toBe(true)
    expect(tags.every((t) => t.host === undefined)).toBe(true)
  })

  it('Zipkin search results (Span[][]) are walked too', () => {
    const trace = readContract('traces/zipkin/yelp.json')
    const results = [trace, trace]
    maskTracePayload(results, createFieldMasker([{ field: 'http.uri.client', action: 'drop', scope: ['traces'] }], 'traces', KEY))
    expect(json(results)).not.toContain('http.uri.client')
  })

  it('Jaeger v1 tags and log fields keep a consistent type once masked', () => {
    const trace = readContract('traces/jaeger/ui_01-duplicate-ids-int64.json')
    const rules: MaskingRule[] = [
      { field: 'javascript_limit', action: 'mask', keepLast: 2, scope: ['traces'] },
      { field: 'peer.ipv4', action: 'hmac', scope: ['traces'] },
      { field: 'event', action: 'drop', scope: ['traces'] },
    ]
    maskTracePayload({ data: [trace] }, createFieldMasker(rules, 'traces', KEY))
    const text = json(trace)
    expect(text).toContain('{"key":"javascript_limit","type":"string","value":"****22"}')
    expect(text).toContain(`{"key":"peer.ipv4","type":"string","value":"${hmac('23456')}"}`)
    expect(text).not.toContain('"event"')
    expect(text).not.toContain('9223372036854775222')
  })

  it('Jaeger genai attributes: long prompts truncated', () => {
    const trace = readContract('traces/jaeger/genai-57-spans.json') as { spans: { tags: { key: string; value: unknown }[] }[] }
    maskTracePayload(trace, createFieldMasker([{ field: 'gen_ai.*.messages', action: 'truncate', length: 8, scope: ['traces'] }], 'traces', KEY))
    const messages = trace.spans.flatMap((s) => s.tags.filter((t) => t.key.endsWith('.messages')))
    expect(messages.length).toBeGreaterThan(0)
    for (const m of messages) expect(Array.from(String(m.value)).length).toBeLessThanOrEqual(9)
  })

  it('OTLP attributes (Jaeger /api/v3) become masked stringValues, resource attributes included', () => {
    const payload = { result: readContract('traces/otlp/otlp-2-spans.json') }
    const rules: MaskingRule[] = [
      { field: 'net.peer.ip', action: 'mask', keepLast: 1, scope: ['traces'] },
      { field: 'service.name', action: 'hmac', scope: ['traces'] },
    ]
    maskTracePayload(payload, createFieldMasker(rules, 'traces', KEY))
    const text = json(payload)
    expect(text).not.toContain('1.2.3.4')
    expect(text).toContain('{"key":"net.peer.ip","value":{"stringValue":"****4"}}')
    expect(text).toContain(`{"key":"service.name","value":{"stringValue":"${hmac('telemetrygen')}"}}`)
  })

  it('rules scoped to logs do not touch spans', () => {
    const spans = readContract('traces/zipkin/yelp.json')
    const before = json(spans)
    maskTracePayload(spans, createFieldMasker([{ field: 'http.uri.client', action: 'drop', scope: ['logs'] }], 'traces', KEY))
    expect(json(spans)).toBe(before)
  })
})

describe('secret scrubber', () => {
  it('blanks every configured secret, raw or JSON-escaped, and leaves other bodies alone', () => {
    const scrub = createSecretScrubber(['s3cr3t-"token"-value', 'short'])
    const echoed = Buffer.from(JSON.stringify({ headers: { authorization: 'Bearer s3cr3t-"token"-value' }, short: 'short' }))
    const out = scrub.body(echoed).toString()
    expect(out).not.toContain('s3cr3t')
    expect(out).toContain('[redacted]')
    expect(out).toContain('"short"')
    const clean = Buffer.from('{"ok":true}')
    expect(scrub.body(clean)).toBe(clean)
  })
})
