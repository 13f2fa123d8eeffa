import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expandSlos, sloNamePart } from '@/domain/slo/expandSlos'
import { SLO_NAME, type SloDefinition, type SloOptions, type SloSpec } from '@/domain/slo/sloDefinition'
import type { SloOptions as InstallSloOptions } from '@/module/options'

const availability: SloSpec = { kind: 'availability', objective: 99.9, window: '30d' }
const latency: SloSpec = { kind: 'latency', objective: 99, window: '7d', thresholdMs: 250 }

/** What a spec promises, without its name: compared between input and output. */
function shape(service: string, s: SloSpec): string {
  return JSON.stringify([service, s.kind, s.objective, s.window, s.kind === 'latency' ? s.thresholdMs : undefined, s.operation])
}
function shapeOf(d: SloDefinition): string {
  return JSON.stringify([d.service, d.kind, d.objectivePercent, d.window, d.kind === 'latency' ? d.thresholdMs : undefined, d.operation])
}

describe('expandSlos', () => {
  it('takes the resolved install options as they are (same shape, checked by the type checker)', () => {
    const installed: InstallSloOptions = { defaults: [availability], services: {} }
    expect(expandSlos(installed, ['a']).map((d) => d.name)).toEqual(['a-availability'])
  })

  it('gives every discovered service the defaults, adds per-service SLOs, keeps configured services not discovered', () => {
    const out = expandSlos(
      { defaults: [availability, latency], services: { payments: [{ ...availability, objective: 99.95, name: 'payments-sla' }], ghost: [latency] } },
      ['payments', 'checkout'],
    )
    expect(out.map((d) => [d.name, d.service])).toEqual([
      ['checkout-availability', 'checkout'],
      ['checkout-latency-250ms', 'checkout'],
      ['ghost-availability', 'ghost'],
      ['ghost-latency-250ms', 'ghost'],
      // Two identical specs (a default and the service's own) stay two SLOs, told apart.
      ['ghost-latency-250ms-2', 'ghost'],
      ['payments-availability', 'payments'],
      ['payments-latency-250ms', 'payments'],
      ['payments-sla', 'payments'],
    ])
    expect(out[7]).toEqual({ name: 'payments-sla', service: 'payments', kind: 'availability', objectivePercent: 99.95, window: '30d' })
    expect(out[1]).toEqual({ name: 'checkout-latency-250ms', service: 'checkout', kind: 'latency', objectivePercent: 99, window: '7d', thresholdMs: 250 })
  })

  it('puts the operation in derived names and keeps it on the definition', () => {
    const out = expandSlos({ defaults: [], services: { api: [{ ...latency, thresholdMs: 2.5, operation: 'GET /users/{id}' }] } }, [])
    expect(out).toHaveLength(1)
    expect(out[0]?.operation).toBe('GET /users/{id}')
    expect(out[0]?.name).toMatch(/^api-GET_users_id_-[0-9a-f]{8}-latency-2\.5ms$/)
  })

  it('prefixes an explicit default name with the service (it applies to every service)', () => {
    const out = expandSlos({ defaults: [{ ...availability, name: 'sla' }], services: {} }, ['a', 'b'])
    expect(out.map((d) => d.name)).toEqual(['a-sla', 'b-sla'])
  })

  it('lets an explicit name win over an equal derived one', () => {
    const out = expandSlos({ defaults: [availability], services: { b: [{ ...latency, name: 'a-availability' }] } }, ['a', 'b'])
    expect(out.map((d) => [d.service, d.name])).toEqual([
      ['a', 'a-availability-2'],
      ['b', 'b-availability'],
      ['b', 'a-availability'],
    ])
  })

  it('normalises odd service names deterministically, and names that normalise alike stay apart', () => {
    const out = expandSlos({ defaults: [availability], services: {} }, ['a b', 'a/b', '', '-lead', '결제', 'x'.repeat(300)])
    const names = out.map((d) => d.name)
    for (const n of names) expect(n).toMatch(SLO_NAME)
    expect(new Set(names).size).toBe(names.length)
    // The hash tags the original text, so a name does not depend on which other services exist.
    const alone = expandSlos({ defaults: [availability], services: {} }, ['a/b'])
    expect(names).toContain(alone[0]?.name)
    expect(sloNamePart('a b')).not.toBe(sloNamePart('a/b'))
    expect(sloNamePart('checkout')).toBe('checkout')
  })

  it('throws on a latency spec without a threshold (options validation refuses it first)', () => {
    expect(() => expandSlos({ defaults: [{ kind: 'latency', objective: 99, window: '7d' }], services: {} }, ['a'])).toThrow(/no thresholdMs/)
  })

  describe('properties', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('checkout', 'a b', 'a_b', 'a/b', '-x', '', 'x'.repeat(120)), fc.string({ unit: 'grapheme', maxLength: 6 }))
    const spec: fc.Arbitrary<SloSpec> = fc.record(
      {
        kind: fc.constantFrom('availability' as const, 'latency' as const),
        objective: fc.constantFrom(90, 99, 99.9, 99.95),
        window: fc.constantFrom('7d' as const, '28d' as const, '30d' as const),
        thresholdMs: fc.constantFrom(100, 250, 0.5, 1000),
        operation: fc.option(text, { nil: undefined }),
        name: fc.option(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'objective', 'window', 'thresholdMs'] },
    ).map((s) => (s.kind === 'availability' ? { ...s, thresholdMs: undefined } : s))
    const options: fc.Arbitrary<SloOptions> = fc.record({
      defaults: fc.array(spec, { maxLength: 4 }),
      services: fc.dictionary(text, fc.array(spec, { maxLength: 3 }), { maxKeys: 4 }),
    })
    const discovered = fc.array(text, { maxLength: 8 })

    it('names are unique and SLO_NAME-safe; every discovered service gets every default; each service spec appears once', () => {
      fc.assert(
        fc.property(options, discovered, (o, found) => {
          const out = expandSlos(o, found)
          const names = out.map((d) => d.name)
          expect(new Set(names).size).toBe(names.length)
          for (const n of names) expect(n).toMatch(SLO_NAME)
          const shapes = out.map(shapeOf)
          const count = (s: string): number => shapes.filter((x) => x === s).length
          const services = new Set([...found, ...Object.keys(o.services)])
          let expected = 0
          for (const service of services) {
            const own = Object.hasOwn(o.services, service) ? (o.services[service] ?? []) : []
            const wanted = [...o.defaults, ...own].map((s) => shape(service, s))
            for (const w of new Set(wanted)) expect(count(w)).toBe(wanted.filter((x) => x === w).length)
            expected += wanted.length
          }
          expect(out).toHaveLength(expected)
        }),
      )
    })

    it('the order of discovery does not change the result', () => {
      fc.assert(
        fc.property(options, discovered, fc.integer(), (o, found, seed) => {
          const shuffled = [...found].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7))
          expect(expandSlos(o, shuffled)).toEqual(expandSlos(o, [...found, ...found]))
        }),
      )
    })
  })
})
