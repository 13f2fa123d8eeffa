/**
 * Prometheus sends sample values as strings because JSON has no NaN or infinities
 * (Go's strconv.FormatFloat: "NaN", "+Inf", "-Inf"). Number('') is 0, so a plain `Number(s)`
 * would turn an empty or blank value into a fake zero: only float literals are accepted here.
 */
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** The number a Prometheus sample string stands for; undefined when it is not a float at all. */
export function parseSampleValue(raw: string | number): number | undefined {
  if (typeof raw === 'number') return raw
  switch (raw) {
    case 'NaN':
      return NaN
    case '+Inf':
    case 'Inf':
      return Infinity
    case '-Inf':
      return -Infinity
  }
  return FLOAT.test(raw) ? Number(raw) : undefined
}
