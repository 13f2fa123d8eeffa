import type { TraceWarning, TraceWarningCode } from './model'

/** The shared "no warnings" value: most spans have none, so they share one frozen array. */
export const NO_WARNINGS: readonly TraceWarning[] = Object.freeze([])

export const UNKNOWN_SERVICE = 'unknown-service'

/** English sentences for span-level warnings; the UI may translate by `code`. */
export const spanWarning = {
  duplicateId: (spanId: string, key: string): TraceWarning => ({
    code: 'duplicate-id',
    message: `span id ${spanId} appears more than once; this copy is shown as ${key}`,
  }),
  selfParent: (spanId: string): TraceWarning => ({
    code: 'self-parent',
    message: `span ${spanId} names itself as parent; shown as a root`,
  }),
  cycleCut: (spanId: string, parentId: string): TraceWarning => ({
    code: 'cycle-cut',
    message: `parent chain of span ${spanId} loops back to it; link to ${parentId} cut`,
  }),
  missingParent: (parentId: string): TraceWarning => ({
    code: 'missing-parent',
    message: `parent span ${parentId} is not in this trace; shown at top level`,
  }),
  invalidId: (raw: string): TraceWarning => ({
    code: 'invalid-id',
    message: raw === '' ? 'span has no id' : `span id "${raw.slice(0, 64)}" is not a hex id`,
  }),
  missingTimestamp: (): TraceWarning => ({
    code: 'missing-timestamp',
    message: 'start time missing or invalid; placed at its parent\u2019s start',
  }),
  missingDuration: (): TraceWarning => ({ code: 'missing-duration', message: 'duration missing; shown as 0' }),
  invalidDuration: (value: number): TraceWarning => ({
    code: 'invalid-duration',
    message: `duration ${String(value)} \u00b5s is not a valid length; shown as 0`,
  }),
  zeroDuration: (): TraceWarning => ({ code: 'zero-duration', message: 'duration is 0 \u00b5s' }),
  skewAdjusted: (shiftUs: number): TraceWarning => ({
    code: 'skew-adjusted',
    message: `clock skew adjusted by ${shiftUs > 0 ? '+' : ''}${shiftUs} \u00b5s`,
    shiftUs,
  }),
  missingService: (): TraceWarning => ({
    code: 'missing-service',
    message: `no service name; shown as ${UNKNOWN_SERVICE}`,
  }),
  backend: (message: string): TraceWarning => ({ code: 'backend', message }),
}

const TRACE_SUMMARY: Partial<Record<TraceWarningCode, (n: number) => string>> = {
  'duplicate-id': (n) => `${spans(n)} ${verb(n, 'repeats', 'repeat')} another span's id (shown as <id>_1, …)`,
  'self-parent': (n) => `${spans(n)} ${verb(n, 'names itself', 'name themselves')} as parent`,
  'cycle-cut': (n) => `${n} parent cycle${n === 1 ? '' : 's'} cut`,
  'missing-parent': (n) => `incomplete trace: ${spans(n)} ${verb(n, 'references a parent', 'reference parents')} not in it`,
  'invalid-id': (n) => `${spans(n)} ${verb(n, 'has', 'have')} a missing or non-hex id`,
  'missing-timestamp': (n) => `${spans(n)} ${verb(n, 'has', 'have')} no valid start time`,
  'missing-duration': (n) => `${spans(n)} ${verb(n, 'has', 'have')} no duration`,
  'invalid-duration': (n) => `${spans(n)} ${verb(n, 'has', 'have')} a negative or invalid duration`,
  'skew-adjusted': (n) => `clock skew adjusted on ${spans(n)}`,
  'missing-service': (n) => `${spans(n)} ${verb(n, 'has', 'have')} no service name`,
}

/** One trace-level line per span warning code that occurred, with its count. */
export function summariseSpanWarnings(counts: ReadonlyMap<TraceWarningCode, number>): TraceWarning[] {
  const out: TraceWarning[] = []
  for (const [code, count] of counts) {
    const text = TRACE_SUMMARY[code]
    if (text) out.push({ code, message: text(count), count })
  }
  return out
}

function spans(n: number): string {
  return n === 1 ? '1 span' : `${n} spans`
}

function verb(n: number, one: string, many: string): string {
  return n === 1 ? one : many
}
