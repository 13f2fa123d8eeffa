/**
 * A tiny seeded PRNG, so `--seed` replays the same traffic shape. mulberry32 (Tommy Ettinger,
 * public domain): 32-bit state, period 2^32, good enough for simulated latencies and choices.
 */
export type Random = () => number

/** Returns a generator of floats in [0, 1) fully determined by `seed`. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Derives an independent stream from a seed and a label, so adding draws to one stream never shifts another. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0
  }
  return (h ^ (h >>> 16)) >>> 0
}

/** True with probability `p`. */
export function chance(rng: Random, p: number): boolean {
  return rng() < p
}

/** One item, chosen with probability proportional to its weight. */
export function pickWeighted<T>(rng: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng() * total
  for (const [item, w] of items) {
    r -= w
    if (r < 0) return item
  }
  const last = items[items.length - 1]
  if (!last) throw new Error('pickWeighted: no items')
  return last[0]
}

/** One item, uniformly. */
export function pick<T>(rng: Random, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)]
  if (item === undefined) throw new Error('pick: no items')
  return item
}

/** Integer in [min, max]. */
export function intBetween(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1))
}

/** Standard normal draw (Box–Muller). */
export function normal(rng: Random): number {
  const u = Math.max(rng(), 1e-12)
  const v = rng()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * A latency in ms: log-normal around `medianMs` with spread `sigma`, the shape real service
 * latencies have (a long right tail), never below `minMs`.
 */
export function latencyMs(rng: Random, medianMs: number, sigma: number, minMs = 0.05): number {
  return Math.max(minMs, medianMs * Math.exp(sigma * normal(rng)))
}

/** Exponential inter-arrival time for a Poisson process of `ratePerS` events per second, in ms. */
export function poissonGapMs(rng: Random, ratePerS: number): number {
  return (-Math.log(1 - rng()) / ratePerS) * 1000
}

/** `bytes` random bytes as lowercase hex. */
export function randomHex(rng: Random, bytes: number): string {
  let out = ''
  for (let i = 0; i < bytes; i++) out += Math.floor(rng() * 256).toString(16).padStart(2, '0')
  return out
}
