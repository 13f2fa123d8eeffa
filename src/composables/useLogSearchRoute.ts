import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery } from 'vue-router'
import { LOG_LEVELS, type LogLevel } from '@/domain/logs/logLevel'
import { DEFAULT_RANGE, parseRelativeRange, rangeFromQuery, type TimeRange } from '@/domain/time/timeRange'
import { logsLink } from '@/module/links'

/** What the log search view shows, read from its URL (names as `logsLink` writes them). */
export interface LogSearchState {
  /** As found in the URL (trimmed); validated by the view, never sent when malformed. */
  traceId: string
  text: string
  service: string
  levels: LogLevel[]
  /** Business context fields from `f.<field>` parameters. */
  fields: Record<string, string>
  range: TimeRange
}

/**
 * A trace's logs are usually older than an hour when someone pastes its id from a ticket:
 * a trace-id search without a range looks back a day.
 */
export const TRACE_SEARCH_DEFAULT_RANGE: TimeRange = parseRelativeRange('24h') ?? DEFAULT_RANGE

function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}

function many(v: LocationQuery[string] | undefined): string[] {
  const list = Array.isArray(v) ? v : [v]
  return list.filter((s): s is string => typeof s === 'string')
}

/** Reads the search state from route query parameters; unknown levels are ignored. */
export function readLogSearchQuery(query: LocationQuery): LogSearchState {
  const traceId = one(query.traceId)
  const levels = [...new Set(many(query.level).map((l) => l.trim().toLowerCase()))].filter((l): l is LogLevel =>
    (LOG_LEVELS as readonly string[]).includes(l),
  )
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith('f.') || key.length <= 2) continue
    const v = one(value)
    if (v !== '') fields[key.slice(2)] = v
  }
  return {
    traceId,
    text: one(query.q),
    service: one(query.service),
    levels,
    fields,
    range: rangeFromQuery(query, traceId ? TRACE_SEARCH_DEFAULT_RANGE : DEFAULT_RANGE),
  }
}

/** The URL of a search state (the inverse of `readLogSearchQuery`). */
export function logSearchLocation(state: LogSearchState): ReturnType<typeof logsLink> {
  return logsLink({
    traceId: state.traceId || undefined,
    text: state.text || undefined,
    service: state.service || undefined,
    levels: state.levels,
    fields: state.fields,
    range: state.range,
  })
}

export interface LogSearchRoute {
  state: ComputedRef<LogSearchState>
  /** Writes a new state to the URL: `push` for a new search (back returns), `replace` for tweaks. */
  update(patch: Partial<LogSearchState>, mode?: 'push' | 'replace'): Promise<void>
}

/** The log search state, kept in the URL so the back button and pasted links work. */
export function useLogSearchRoute(): LogSearchRoute {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => readLogSearchQuery(route.query))
  async function update(patch: Partial<LogSearchState>, mode: 'push' | 'replace' = 'push'): Promise<void> {
    const to = logSearchLocation({ ...state.value, ...patch })
    await (mode === 'push' ? router.push(to) : router.replace(to))
  }
  return { state, update }
}
