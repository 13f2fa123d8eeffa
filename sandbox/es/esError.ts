/**
 * An Elasticsearch error, answered in ES's own shape
 * (`{error: {root_cause: [...], type, reason, ...}, status}`), so a client sees exactly what a
 * real cluster would send for a query the sandbox cannot run: never a silently wrong answer.
 */
export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly extra: Readonly<Record<string, string | number>> = {},
  ) {
    super(reason)
    this.name = 'EsError'
  }

  toBody(): { error: Record<string, unknown>; status: number } {
    const cause = { type: this.type, reason: this.reason, ...this.extra }
    return { error: { root_cause: [cause], ...cause }, status: this.status }
  }
}

/** A malformed or unknown query clause (ES: `parsing_exception`). */
export function parsingError(reason: string): EsError {
  return new EsError(400, 'parsing_exception', reason, { line: 1, col: 1 })
}

const NOT_SUPPORTED = 'not supported by the Traceboard sandbox'

/** A real ES request key or clause the sandbox does not implement (ES: `x_content_parse_exception`). */
export function unsupported(where: string, name: string): EsError {
  return new EsError(400, 'x_content_parse_exception', `[1:1] [${where}] unknown field [${name}] (${NOT_SUPPORTED})`)
}

/** A request ES itself would refuse with `illegal_argument_exception`. */
export function illegalArgument(reason: string): EsError {
  return new EsError(400, 'illegal_argument_exception', reason)
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
