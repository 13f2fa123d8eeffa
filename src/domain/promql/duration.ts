/**
 * PromQL durations (`5m`, `1h30m`, `250ms`): units must appear from the largest to the smallest,
 * each at most once (model.ParseDuration in prometheus/common). A zero window is rejected too:
 * `rate(x[0s])` is a parse error in Prometheus.
 */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/
const UNIT_SECONDS = [365 * 86400, 7 * 86400, 86400, 3600, 60, 1, 0.001]

/** Seconds in a PromQL duration, or undefined when `text` is not one (or is zero). */
export function parseDurationSeconds(text: string): number | undefined {
  const m = DURATION.exec(text)
  if (!m || text === '') return undefined
  let total = 0
  for (let i = 0; i < UNIT_SECONDS.length; i++) {
    const part = m[i + 1]
    if (part !== undefined) total += Number(part) * (UNIT_SECONDS[i] ?? 0)
  }
  return total > 0 ? total : undefined
}

/** Returns `text` when it is a valid, non-zero PromQL duration; throws otherwise. */
export function assertDuration(text: string): string {
  if (parseDurationSeconds(text) === undefined) {
    throw new Error(`invalid PromQL duration ${JSON.stringify(text)}: expected e.g. 30s, 5m, 1h30m`)
  }
  return text
}
