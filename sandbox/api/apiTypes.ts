/** A request as the sandbox's API modules see it: already read, path relative to the module. */
export interface ApiRequest {
  method: string
  /** Path below the module's prefix, still percent-encoded (`/api/v2/trace/abc`). */
  path: string
  query: URLSearchParams
  body: string
}

export interface ApiResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export function json(status: number, body: unknown): ApiResponse {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }
}

export function text(status: number, body: string): ApiResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body }
}

/** Splits a relative path into decoded segments; undefined when a segment is not valid percent-encoding. */
export function segments(path: string): string[] | undefined {
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

const GO_UNITS: Record<string, number> = { ns: 1e-3, us: 1, µs: 1, μs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 }

/**
 * A Go `time.ParseDuration` string (`100ms`, `1.5s`, `1h30m`) in microseconds, as Jaeger's
 * `minDuration` and Jaeger v2's `query.durationMin` take them; undefined when invalid.
 */
export function parseGoDurationUs(value: string): number | undefined {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy
  let total = 0
  let matched = 0
  const sign = value.startsWith('-') ? -1 : 1
  const body = value.replace(/^[+-]/, '')
  if (body === '') return undefined
  if (body === '0') return 0
  re.lastIndex = 0
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const unit = GO_UNITS[m[2] ?? '']
    if (unit === undefined) return undefined
    total += Number(m[1]) * unit
    matched = re.lastIndex
  }
  return matched === body.length ? sign * total : undefined
}

/** A non-negative integer query parameter; `fallback` when absent, undefined when invalid. */
export function intParam(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^-?\d+$/.test(raw.trim())) return undefined
  return Number(raw)
}
