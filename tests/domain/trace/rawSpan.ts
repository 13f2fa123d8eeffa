import type { RawSpan } from '../../../src/domain/trace'

/** A well-formed raw span with test-friendly defaults; override what the test is about. */
export function rawSpan(spanId: string, overrides: Partial<RawSpan> = {}): RawSpan {
  return {
    traceId: 'aaaaaaaaaaaaaaaa',
    spanId,
    name: `op-${spanId}`,
    service: 'svc',
    startUs: 1_000_000,
    durationUs: 100,
    format: 'jaeger',
    ...overrides,
  }
}
