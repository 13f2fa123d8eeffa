import type { HrTime } from '@opentelemetry/api'

/**
 * Times in the sandbox are epoch milliseconds as floats (µs precision survives: 1.8e12 ms has
 * room for three decimals in a double). The SDK takes HrTime, `[seconds, nanoseconds]`; a
 * plain number would be read as `performance.now()` when below the process' time origin.
 */
export function msToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000)
  const nanos = Math.round((ms - seconds * 1000) * 1000) * 1000
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos]
}

/** Epoch microseconds (Zipkin and Jaeger v1 timestamps). */
export function hrTimeToMicros(t: HrTime): number {
  return t[0] * 1e6 + Math.round(t[1] / 1000)
}

/** Epoch nanoseconds as a decimal string (OTLP JSON `fixed64` fields), exact beyond 2^53. */
export function hrTimeToNanoString(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString()
}

/** Epoch milliseconds (float). */
export function hrTimeToMs(t: HrTime): number {
  return t[0] * 1000 + t[1] / 1e6
}
