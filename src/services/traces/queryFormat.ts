/**
 * A µs duration as a Go `time.ParseDuration` string in the largest unit that reads well:
 * Jaeger v1 `/api/traces` parses minDuration/maxDuration that way ("100ms", "1.5s", "250us").
 */
export function goDuration(us: number): string {
  const v = Math.max(0, Math.round(us))
  if (v >= 1_000_000) return `${v / 1_000_000}s`
  if (v >= 1_000) return `${v / 1_000}ms`
  return `${v}us`
}

/**
 * A µs duration in seconds ("0.1s", "1.5s"): the only form both readings of Jaeger v3's
 * `query.durationMin` accept — Go durations (its docs) and protobuf Duration JSON (its schema,
 * pattern `^-?\d+(\.\d{1,9})?s$`).
 */
export function secondsDuration(us: number): string {
  const v = Math.max(0, Math.round(us))
  const whole = Math.floor(v / 1_000_000)
  const frac = String(v % 1_000_000).padStart(6, '0').replace(/0+$/, '')
  return frac === '' ? `${whole}s` : `${whole}.${frac}s`
}

/** RFC 3339 timestamp (Jaeger v3 `startTimeMin/Max` require it). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString()
}

/** Zipkin `annotationQuery`: `k=v and k2=v2`; an empty value means "has the key". */
export function zipkinAnnotationQuery(tags: Record<string, string> | undefined): string | undefined {
  if (!tags) return undefined
  const parts = Object.entries(tags).map(([k, v]) => (v === '' ? k : `${k}=${v}`))
  return parts.length > 0 ? parts.join(' and ') : undefined
}

/** Jaeger `tags` / v3 `attributes`: a JSON map, or nothing when empty. */
export function jsonTags(tags: Record<string, string> | undefined): string | undefined {
  return tags && Object.keys(tags).length > 0 ? JSON.stringify(tags) : undefined
}
