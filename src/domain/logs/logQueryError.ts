/** Why a log query was refused before any request was made. */
export type LogQueryProblem =
  | { kind: 'invalidTraceId'; input: string }
  | { kind: 'invalidSpanId'; input: string }
  | { kind: 'invalidTimeRange'; fromMs: number; toMs: number }
  | { kind: 'invalidFieldName'; field: string }
  | { kind: 'fieldNotAllowed'; field: string }
  | { kind: 'invalidIndexPattern'; pattern: string; reason: string }
  | { kind: 'invalidMapping'; message: string }

/** Thrown by the log backend for input it refuses to send; `problem` says which and why. */
export class LogQueryError extends Error {
  readonly problem: LogQueryProblem

  constructor(problem: LogQueryProblem) {
    super(describeLogQueryProblem(problem))
    this.name = 'LogQueryError'
    this.problem = problem
  }
}

export function isLogQueryError(e: unknown): e is LogQueryError {
  return e instanceof LogQueryError
}

/** Echoed input is cut short: it is user-typed and may be huge. */
function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text)
}

/** Plain English for logs and tests; the UI translates by `kind`. */
export function describeLogQueryProblem(p: LogQueryProblem): string {
  switch (p.kind) {
    case 'invalidTraceId':
      return `${quote(p.input)} is not a trace id (16 or 32 hexadecimal digits)`
    case 'invalidSpanId':
      return `${quote(p.input)} is not a span id (16 hexadecimal digits)`
    case 'invalidTimeRange':
      return `invalid time range ${p.fromMs}–${p.toMs}`
    case 'invalidFieldName':
      return `${quote(p.field)} is not a field name that can be searched`
    case 'fieldNotAllowed':
      return `searching by ${quote(p.field)} is not enabled`
    case 'invalidIndexPattern':
      return `invalid index pattern ${quote(p.pattern)}: ${p.reason}`
    case 'invalidMapping':
      return `invalid log field mapping: ${p.message}`
  }
}
