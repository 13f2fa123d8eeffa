import { describe, expect, it } from 'vitest'
import { deriveSeed, latencyMs, mulberry32, pickWeighted, poissonGapMs } from '../../sandbox/random'
import { flattenPlan } from '../../sandbox/model/requestPlan'
import { Sandbox } from '../../sandbox/sandbox'
import { planMany, T0 } from './sandboxFixtures'

const draws = (seed: number, n: number): number[] => {
  const rng = mulberry32(seed)
  return Array.from({ length: n }, () => rng())
}

describe('seeded PRNG', () => {
  it('replays the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(42, 50)).toEqual(draws(42, 50))
    expect(draws(42, 50)).not.toEqual(draws(43, 50))
  })

  it('stays in [0, 1) and spreads evenly', () => {
    const xs = draws(7, 20_000)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean).toBeGreaterThan(0.48)
    expect(mean).toBeLessThan(0.52)
  })

  it('derives independent streams per label', () => {
    expect(deriveSeed(42, 'plans')).not.toBe(deriveSeed(42, 'arrivals'))
    expect(deriveSeed(42, 'plans')).toBe(deriveSeed(42, 'plans'))
  })

  it('draws log-normal latencies around the median and Poisson gaps around 1/rate', () => {
    const rng = mulberry32(3)
    const lat = Array.from({ length: 5001 }, () => latencyMs(rng, 40, 0.4)).sort((a, b) => a - b)
    expect(lat[2500]).toBeGreaterThan(36)
    expect(lat[2500]).toBeLessThan(44)
    const gaps = Array.from({ length: 5000 }, () => poissonGapMs(rng, 5))
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length
    expect(mean).toBeGreaterThan(185)
    expect(mean).toBeLessThan(215)
  })

  it('picks by weight', () => {
    const rng = mulberry32(11)
    const counts = { a: 0, b: 0 }
    for (let i = 0; i < 10_000; i++) counts[pickWeighted(rng, [['a', 0.8], ['b', 0.2]] as const)]++
    expect(counts.a / 10_000).toBeGreaterThan(0.77)
    expect(counts.a / 10_000).toBeLessThan(0.83)
  })
})

describe('--seed reproduces the traffic shape', () => {
  const shape = (seed: number) =>
    planMany(seed, 'steady', 40).map((p) => flattenPlan(p.root).map((s) => [s.service, s.name, s.kind, s.startMs, s.endMs, s.status.code]))

  it('gives identical request plans for the same seed', () => {
    expect(shape(5)).toEqual(shape(5))
    expect(shape(5)).not.toEqual(shape(6))
  })

  it('gives identical traces (ids included) from two sandboxes with the same seeds', () => {
    const run = () => {
      const sandbox = new Sandbox({ seed: 9, idSeed: 1, scenario: 'steady', ratePerS: 0, maxTraces: 100, maxLogs: 1000, clock: () => T0 + 3_600_000 })
      const ids = Array.from({ length: 10 }, (_, i) => sandbox.simulate(T0 + i * 1000))
      sandbox.release()
      return ids.map((id) => sandbox.traces.get(id)?.spans.map((s) => [s.spanContext().spanId, s.parentSpanContext?.spanId, s.name]))
    }
    const a = run()
    expect(a.every((t) => t !== undefined && t.length > 3)).toBe(true)
    expect(run()).toEqual(a)
  })
})
