import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveLogMapping } from '@/domain/logs/mappingPresets'
import { buildSearchLogsBody, buildTraceLogsBody } from '@/services/logs/esQueryBuilder'

const RANGE = { fromMs: 1, toMs: 2 }
const mapping = resolveLogMapping('ecs')
const SLOT_A = '\u0000slot-a\u0000'
const SLOT_B = '\u0000slot-b\u0000'

/** What the body becomes on the wire and back (axios sends JSON.stringify of it). */
function wire(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body)) as unknown
}

/**
 * True when `body` has exactly the keys, arrays and values of `template`, except that where
 * the template holds a slot marker the body holds that slot's string.
 */
function fillsTemplate(body: unknown, template: unknown, slots: ReadonlyMap<string, string>): boolean {
  if (typeof template === 'string' && slots.has(template)) return body === slots.get(template)
  if (Array.isArray(template)) {
    return Array.isArray(body) && body.length === template.length && template.every((t, i) => fillsTemplate(body[i], t, slots))
  }
  if (typeof template === 'object' && template !== null) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return false
    const keys = Object.keys(template)
    const b = body as Record<string, unknown>
    const t = template as Record<string, unknown>
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && fillsTemplate(b[k], t[k], slots))
  }
  return body === template
}

// Lucene syntax, JSON syntax, unicode, control characters: whatever a user pastes.
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('*', 'a OR 1:1', '"}]}},{"match_all":{}}', 'trace.id:* AND _exists_:x', '\\', '\n', '(((', '/regex/', '\u202e', 'and', 'epoch_millis'),
)

describe('user text never changes the query structure', () => {
  it('free text ends up only in simple_query_string.query', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        fc.pre(text.trim() !== '')
        const body = wire(buildSearchLogsBody(mapping, { text, timeRange: RANGE, size: 10 }))
        const template = wire(buildSearchLogsBody(mapping, { text: SLOT_A, timeRange: RANGE, size: 10 }))
        expect(fillsTemplate(body, template, new Map([[SLOT_A, text.trim()]]))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('service and business field values end up only in term values', () => {
    fc.assert(
      fc.property(hostile, hostile, (service, value) => {
        fc.pre(service !== '' && value !== '')
        const build = (s: string, v: string) =>
          wire(buildSearchLogsBody(mapping, { service: s, fields: [['customer.id', v]], timeRange: RANGE, size: 10 }))
        const slots = new Map([[SLOT_A, service], [SLOT_B, value]])
        expect(fillsTemplate(build(service, value), build(SLOT_A, SLOT_B), slots)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('the slots of the template are term values and the simple_query_string query, nothing else', () => {
    const template = buildSearchLogsBody(mapping, { text: SLOT_A, service: SLOT_B, timeRange: RANGE, size: 10 })
    expect((template.query as { bool: { filter: unknown[] } }).bool.filter.slice(1)).toEqual([
      { simple_query_string: { query: SLOT_A, fields: ['message'], default_operator: 'and', lenient: true } },
      { term: { 'service.name': SLOT_B } },
    ])
  })

  it('a trace lookup body only differs by the validated id', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{32}$/), (id) => {
        const body = wire(buildTraceLogsBody(mapping, { traceIds: [id], size: 5 }))
        const template = wire(buildTraceLogsBody(mapping, { traceIds: [SLOT_A], size: 5 }))
        expect(fillsTemplate(body, template, new Map([[SLOT_A, id]]))).toBe(true)
      }),
    )
  })
})
