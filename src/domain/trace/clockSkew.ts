import type { Forest } from './forest'
import { topDownOrder } from './forest'
import type { SpanKind } from './model'
import type { WorkSpans } from './workSpans'

/** One RPC half as clock skew sees it; durations `undefined` when not reported. */
export interface SkewSide {
  kind: SpanKind
  startUs: number
  durationUs: number | undefined
  /** Host-clock identity (IP, host name); '' when unknown. */
  clock: string
}

/**
 * How far the server's clock runs ahead of its client's, in µs (subtract it from the server's
 * times), or undefined when nothing needs fixing. After zipkin-lens clock-skew.js#getClockSkew:
 * only a CLIENT → SERVER edge between two different hosts can show skew; the server is assumed
 * to sit in the middle of the client's window (latency = half the duration difference). A server
 * that reports no duration, or outlives its client (async), is pushed to 1 µs after the client
 * start. Lens only acts when the server starts before the client; a server that starts inside
 * but ends after a longer client is centred the same way ("ending after", FAULTS.md).
 */
export function clockSkewUs(client: SkewSide, server: SkewSide): number | undefined {
  if (client.kind !== 'client' || server.kind !== 'server') return undefined
  // Like Lens (endpoint IPs) and Jaeger's adjuster (process ip tags): two known, different hosts.
  if (client.clock === '' || server.clock === '' || client.clock === server.clock) return undefined
  const cs = client.startUs
  const ss = server.startUs
  const cd = client.durationUs
  const sd = server.durationUs
  const endsAfter = cd !== undefined && sd !== undefined && sd <= cd && ss + sd > cs + cd
  if (ss > cs && !endsAfter) return undefined
  if (cd === undefined || sd === undefined) {
    const latency = ss - cs
    return latency > 0 ? undefined : latency - 1
  }
  if (cd < sd) return ss - cs - 1
  const latency = (cd - sd) / 2
  const skew = Math.round(ss - latency - cs)
  return skew === 0 ? undefined : skew
}

/**
 * Applies clock skew top-down (zipkin-lens clock-skew.js#adjust): a server's skew shifts it and
 * every descendant on the same host clock, until a deeper RPC measures its own. Also fills missing
 * start times from the parent first, so children never float at time 0.
 * Returns the total shift per span (µs, 0 when untouched).
 */
export function adjustClockSkew(work: WorkSpans, forest: Forest, parent: Int32Array): Float64Array {
  const { start, hasStart } = work
  const shift = new Float64Array(work.n)
  const skewClock = new Array<string | undefined>(work.n)
  const skewAmount = new Float64Array(work.n)
  let minStart = Infinity
  for (let i = 0; i < work.n; i++) if (hasStart[i] && (start[i] as number) < minStart) minStart = start[i] as number
  const fallbackStart = Number.isFinite(minStart) ? minStart : 0

  const order = topDownOrder(forest)
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number
    const p = parent[i] as number
    if (!hasStart[i]) start[i] = p >= 0 ? (start[p] as number) : fallbackStart
    if (p < 0) continue

    const inherited = skewClock[p]
    // A start filled from the parent is already in the parent's (adjusted) time.
    if (inherited !== undefined && inherited !== '' && inherited === work.clock[i] && hasStart[i]) {
      start[i]! -= skewAmount[p] as number
      shift[i]! -= skewAmount[p] as number
    }
    const rpc = work.kind[p] === 'client' && work.kind[i] === 'server' && hasStart[i] && hasStart[p]
    const own = rpc ? clockSkewUs(side(work, p), side(work, i)) : undefined
    if (own !== undefined) {
      start[i]! -= own
      shift[i]! -= own
      skewClock[i] = work.clock[i]
      skewAmount[i] = own
    } else if (inherited !== undefined) {
      skewClock[i] = inherited
      skewAmount[i] = skewAmount[p] as number
    }
  }
  return shift
}

function side(work: WorkSpans, i: number): SkewSide {
  return {
    kind: work.kind[i] as SpanKind,
    startUs: work.start[i] as number,
    durationUs: work.hasDuration[i] ? (work.duration[i] as number) : undefined,
    clock: work.clock[i] as string,
  }
}
