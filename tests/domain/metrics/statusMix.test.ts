import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RED_PRESETS } from '@/domain/metrics/redPresets'
import { buildStatusMix, statusClassOf } from '@/domain/metrics/statusMix'
import { statusMixLabels, statusMixQuery } from '@/domain/metrics/statusMixQuery'
import type { InstantVector } from '@/domain/metrics/types'

const s = (tb_part: 'calls' | 'errors', labels: Record<string, string>, value: number): InstantVector[number] => ({ labels: { tb_part, ...labels }, value, timeS: 0 })

describe('statusMixQuery', () => {
  it('asks one query grouped by every status label the family may carry, HTTP first', () => {
    expect(statusMixLabels(RED_PRESETS.spanmetrics)).toEqual(['http_response_status_code', 'http_status_code', 'status_code'])
    expect(statusMixLabels(RED_PRESETS.micrometer)).toEqual(['status'])
    const q = statusMixQuery(RED_PRESETS.spanmetrics, { service: 'checkout' }, '5m')
    expect(q).toContain('sum by (http_response_status_code, http_status_code, status_code)')
    expect(q).toContain('service_name="checkout"')
    expect(q).toContain('tb_part')
  })
})

describe('buildStatusMix', () => {
  it('groups HTTP codes into 2xx/3xx/4xx/5xx, the four classes always present, codes inside', () => {
    const v = [
      s('calls', { http_response_status_code: '200', status_code: 'STATUS_CODE_UNSET' }, 90),
      s('calls', { http_response_status_code: '201', status_code: 'STATUS_CODE_UNSET' }, 4),
      s('calls', { http_response_status_code: '404', status_code: 'STATUS_CODE_UNSET' }, 1),
      s('calls', { http_response_status_code: '503', status_code: 'STATUS_CODE_ERROR' }, 5),
      s('errors', { http_response_status_code: '503', status_code: 'STATUS_CODE_ERROR' }, 5),
    ]
    const mix = buildStatusMix(v, RED_PRESETS.spanmetrics)
    if (mix.kind !== 'http') throw new Error(`http expected, got ${mix.kind}`)
    expect(mix.label).toBe('http_response_status_code')
    expect(mix.groups.map((g) => [g.key, g.calls, g.codes.map((c) => c.value)])).toEqual([
      ['2xx', 94, ['200', '201']],
      ['3xx', 0, []],
      ['4xx', 1, ['404']],
      ['5xx', 5, ['503']],
    ])
    expect(mix.groups[3]?.callShare).toBeCloseTo(0.05, 12)
    expect(mix.groups[3]?.errorRatio).toBe(1)
    expect(mix.totalCalls).toBe(100)
  })

  it('Micrometer `status`, with values that are not codes kept apart', () => {
    const mix = buildStatusMix([s('calls', { status: '200' }, 3), s('calls', { status: 'CLIENT_ERROR' }, 1)], RED_PRESETS.micrometer)
    if (mix.kind !== 'http') throw new Error('http expected')
    expect(mix.groups.map((g) => g.key)).toEqual(['2xx', '3xx', '4xx', '5xx', 'other'])
  })

  it('falls back to span status, said as such, when the metrics have no HTTP status', () => {
    const mix = buildStatusMix([s('calls', { status_code: 'STATUS_CODE_UNSET' }, 9), s('calls', { status_code: 'STATUS_CODE_ERROR' }, 1), s('errors', { status_code: 'STATUS_CODE_ERROR' }, 1)], RED_PRESETS.spanmetrics)
    if (mix.kind !== 'span') throw new Error('span expected')
    expect(mix.label).toBe('status_code')
    expect(mix.missingHttp).toEqual(['http_response_status_code', 'http_status_code'])
    expect(mix.rows.map((r) => r.value)).toEqual(['STATUS_CODE_UNSET', 'STATUS_CODE_ERROR'])
  })

  it('no requests is empty (never "100 %"), and no status label at all says so', () => {
    expect(buildStatusMix([], RED_PRESETS.spanmetrics).kind).toBe('empty')
    expect(buildStatusMix([s('calls', { status_code: 'STATUS_CODE_UNSET' }, 0)], RED_PRESETS.spanmetrics).kind).toBe('empty')
    expect(buildStatusMix([s('calls', {}, 5)], RED_PRESETS['otel-http']).kind).toBe('none')
  })

  it('property: the groups share all the calls, whatever the codes', () => {
    const code = fc.oneof(fc.integer({ min: 100, max: 599 }).map(String), fc.constantFrom('', 'abc', 'NaN'))
    fc.assert(
      fc.property(fc.array(fc.tuple(code, fc.integer({ min: 1, max: 1000 })), { minLength: 1, maxLength: 30 }), (rows) => {
        const v = rows.map(([c, n]) => s('calls', c === '' ? {} : { http_response_status_code: c }, n))
        const mix = buildStatusMix(v, RED_PRESETS['otel-http'])
        if (mix.kind === 'none') {
          expect(rows.every(([c]) => c === '')).toBe(true)
          return
        }
        if (mix.kind !== 'http') throw new Error(mix.kind)
        const sum = mix.groups.reduce((a, g) => a + g.calls, 0)
        expect(sum).toBe(rows.reduce((a, [, n]) => a + n, 0))
        expect(mix.groups.reduce((a, g) => a + g.callShare, 0)).toBeCloseTo(1, 9)
      }),
    )
  })

  it('statusClassOf reads only three-digit 1xx–5xx codes', () => {
    expect(statusClassOf('204')).toBe('2xx')
    expect(statusClassOf('599')).toBe('5xx')
    expect(statusClassOf('600')).toBeUndefined()
    expect(statusClassOf('20')).toBeUndefined()
  })
})
