import type { LogLevel } from '@/domain/logs/logLevel'

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))
const pad3 = (n: number): string => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n))

/** `03-12 20:00:41.123` in the browser's time zone; '' for a record without time. */
export function formatLogTime(timeMs: number): string {
  if (!Number.isFinite(timeMs)) return ''
  const d = new Date(timeMs)
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${pad3(d.getMilliseconds())}`
}

/** `2024-03-12 20:00:41.123`, local time, for ranges and empty-state sentences. */
export function formatDateTime(timeMs: number): string {
  if (!Number.isFinite(timeMs)) return ''
  const d = new Date(timeMs)
  return `${d.getFullYear()}-${formatLogTime(timeMs)}`
}

/** A message's first line, at most 400 characters (a row is one line; a message may be 1 MB). */
export function firstLine(message: string): string {
  const nl = message.indexOf('\n')
  return (nl === -1 ? message : message.slice(0, nl)).slice(0, 400)
}

/** First 8 characters of an id, enough to tell spans of one trace apart. */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id
}

/** Levels in chip order, most severe first: what a debugging user looks for. */
export const LEVEL_ORDER: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown']

/**
 * Fields that hold a stack trace in common shapes: ECS `error.stack_trace`, OTel
 * `exception.stacktrace` (in `attributes`), logstash-logback-encoder `stack_trace`.
 */
export const STACK_TRACE_PATHS = ['error.stack_trace', 'attributes.exception.stacktrace', 'exception.stacktrace', 'stack_trace', 'Attributes.exception.stacktrace']

/** A message spanning several lines (a stack trace logged as the message) is shown as such. */
export function isMultiline(text: string): boolean {
  return text.includes('\n')
}
