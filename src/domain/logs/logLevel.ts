/** Log levels after normalisation; `unknown` when a record carries no level we recognise. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'unknown'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
export type KnownLogLevel = Exclude<LogLevel, 'unknown'>

/*
 * Spellings seen in real log stores: ECS asks for the source's own word in `log.level`
 * ("Some examples are `warn`, `err`, `i`, `informational`", ecs schemas/log.yml), logback writes
 * WARN, java.util.logging SEVERE/FINE, syslog crit/emerg/notice, Android logcat single letters.
 */
const ALIASES: Record<KnownLogLevel, readonly string[]> = {
  trace: ['trace', 'finest', 'finer', 'verbose', 'v', 't'],
  debug: ['debug', 'fine', 'dbg', 'd'],
  info: ['info', 'information', 'informational', 'notice', 'i'],
  warn: ['warn', 'warning', 'w'],
  error: ['error', 'err', 'severe', 'e'],
  fatal: ['fatal', 'critical', 'crit', 'emerg', 'emergency', 'alert', 'panic', 'f'],
}

const BY_ALIAS = new Map<string, KnownLogLevel>()
for (const [level, names] of Object.entries(ALIASES) as [KnownLogLevel, readonly string[]][]) {
  for (const name of names) BY_ALIAS.set(name, level)
}

/** OTel log data model: SeverityNumber 1–4 TRACE … 21–24 FATAL (logs/data-model.md#field-severitynumber). */
const SEVERITY_RANGES: Record<KnownLogLevel, { gte: number; lte: number }> = {
  trace: { gte: 1, lte: 4 },
  debug: { gte: 5, lte: 8 },
  info: { gte: 9, lte: 12 },
  warn: { gte: 13, lte: 16 },
  error: { gte: 17, lte: 20 },
  fatal: { gte: 21, lte: 24 },
}

/** Level for an OTel SeverityNumber (1–24); undefined outside that range. */
export function levelFromSeverityNumber(n: number): KnownLogLevel | undefined {
  if (!Number.isInteger(n)) return undefined
  for (const [level, r] of Object.entries(SEVERITY_RANGES) as [KnownLogLevel, { gte: number; lte: number }][]) {
    if (n >= r.gte && n <= r.lte) return level
  }
  return undefined
}

/**
 * Normalises a level as written by the source (`WARN`, `Warning`, `err`, OTel `ERROR2`),
 * falling back to an OTel severity number when the text says nothing we know.
 */
export function normaliseLevel(text: unknown, severityNumber?: unknown): LogLevel {
  if (typeof text === 'string') {
    // OTel severity texts may carry the sub-level digit of the data model ("INFO4", "ERROR2").
    const word = text.trim().toLowerCase().replace(/[0-9]+$/, '')
    const level = BY_ALIAS.get(word)
    if (level) return level
  }
  const n = typeof severityNumber === 'number' ? severityNumber
    : typeof severityNumber === 'string' && /^\d+$/.test(severityNumber.trim()) ? Number(severityNumber)
      : undefined
  return (n !== undefined ? levelFromSeverityNumber(n) : undefined) ?? 'unknown'
}

/**
 * The exact keyword values a `terms` filter must list to match a level, since keyword fields
 * are case-sensitive and `terms` has no `case_insensitive` option (only `term` has, ES ≥ 7.10).
 */
export function levelQueryValues(level: KnownLogLevel): string[] {
  const out = new Set<string>()
  for (const name of ALIASES[level]) {
    out.add(name)
    out.add(name.toUpperCase())
    out.add(name.charAt(0).toUpperCase() + name.slice(1))
  }
  return [...out]
}

/** The OTel SeverityNumber range of a level, for stores that keep `severity_number`. */
export function severityNumberRange(level: KnownLogLevel): { gte: number; lte: number } {
  return SEVERITY_RANGES[level]
}

/** A count of zero for every level, the shape of `LogPage.levelCounts`. */
export function emptyLevelCounts(): Record<LogLevel, number> {
  return { trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0, unknown: 0 }
}
