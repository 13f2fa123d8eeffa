/**
 * The log time window for a trace: its span of time widened by `marginMs` on each side, as
 * services log before a span starts (auth, queues) and after it ends (async flush), and
 * clocks between hosts disagree by seconds.
 */
export function traceLogWindow(startUs: number, durationUs: number, marginMs = 60_000): { fromMs: number; toMs: number } {
  const fromMs = Math.floor(startUs / 1000)
  const toMs = Math.ceil((startUs + Math.max(0, durationUs)) / 1000)
  return { fromMs: fromMs - marginMs, toMs: toMs + marginMs }
}
