import type { IdGenerator } from '@opentelemetry/sdk-trace-base'
import { randomHex, type Random } from '../random'

/**
 * Trace and span ids from a seeded stream, so a seeded run (and a test) gets the same ids every
 * time. W3C trace-context forbids all-zero ids, which a draw can never be here in practice, but
 * the check keeps the guarantee.
 */
export class SeededIdGenerator implements IdGenerator {
  constructor(private readonly rng: Random) {}

  generateTraceId(): string {
    return this.nonZero(16)
  }

  generateSpanId(): string {
    return this.nonZero(8)
  }

  private nonZero(bytes: number): string {
    for (;;) {
      const id = randomHex(this.rng, bytes)
      if (!/^0+$/.test(id)) return id
    }
  }
}
