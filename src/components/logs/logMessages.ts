import type { LogPartial } from '@/domain/logs/logPage'
import type { LogQueryProblem } from '@/domain/logs/logQueryError'
import type { TraceboardComposer } from '@/i18n'

/** Cut user-typed input short before echoing it back (it may be a pasted novel). */
function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}

/** One translated sentence for input the log backend refused before sending anything. */
export function logProblemMessage(t: TraceboardComposer['t'], p: LogQueryProblem): string {
  switch (p.kind) {
    case 'invalidTraceId':
    case 'invalidSpanId':
      return t(`logs.problem.${p.kind}`, { input: shorten(p.input) })
    case 'invalidTimeRange':
      return t('logs.problem.invalidTimeRange')
    case 'invalidFieldName':
    case 'fieldNotAllowed':
      return t(`logs.problem.${p.kind}`, { field: shorten(p.field) })
    case 'invalidIndexPattern':
      return t('logs.problem.invalidIndexPattern', { pattern: p.pattern, reason: p.reason })
    case 'invalidMapping':
      return t('logs.problem.invalidMapping', { message: p.message })
  }
}

/** The partial badge's sentence: a timeout or how many shards failed. */
export function partialMessage(t: TraceboardComposer['t'], p: LogPartial, locale: string): string {
  if (p.failedShards > 0) {
    const values = { failed: p.failedShards.toLocaleString(locale), total: p.totalShards.toLocaleString(locale) }
    return t(p.timedOut ? 'logs.state.partialShardsTimedOut' : 'logs.state.partialShards', values)
  }
  return t('logs.state.partialTimedOut')
}

/** How old data is, in words: `45 s`, `12 min`, `3 h 05 min` (never negative). */
export function formatAge(t: TraceboardComposer['t'], ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return t('logs.age.seconds', { n: s })
  const m = Math.floor(s / 60)
  if (m < 60) return t('logs.age.minutes', { n: m })
  return t('logs.age.hours', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') })
}
