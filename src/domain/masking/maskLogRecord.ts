import type { LogLevel } from '../logs/logLevel'
import type { LogRecord, SortValue } from '../logs/logRecord'
import type { CompiledMasking } from './compileMasking'
import { applyFieldRule, maskRecord } from './maskRecord'

function maskNamed(name: string, text: string, m: CompiledMasking): string {
  const rule = m.ruleFor(name)
  if (!rule) return m.maskText(text)
  const value = applyFieldRule(rule, text, m, name)
  return typeof value === 'string' ? value : ''
}

/**
 * A log record whose message, logger and fields are masked on first read and kept. Of 100,000
 * records only the rows in view (and the text filter, in idle time) read a message, and only
 * an expanded row its fields, so masking costs nothing up front. The raw record is held in a
 * private field: no property, spread or `JSON.stringify` (`toJSON`) can reach it. A spread
 * copy has the ids and time but not the masked values — read them as properties.
 */
class MaskedLogRecord implements LogRecord {
  readonly id: string
  readonly index: string
  readonly timestamp: string
  readonly timeMs: number
  readonly subMsNanos?: number
  readonly level: LogLevel
  readonly levelRaw?: string
  readonly service: string
  readonly traceId?: string
  readonly spanId?: string
  readonly sort: readonly SortValue[]
  readonly #raw: LogRecord
  readonly #m: CompiledMasking
  #message: string | undefined
  #logger: string | undefined
  #fields: Record<string, unknown> | undefined

  constructor(raw: LogRecord, m: CompiledMasking) {
    this.id = raw.id
    this.index = raw.index
    this.timestamp = raw.timestamp
    this.timeMs = raw.timeMs
    if (raw.subMsNanos !== undefined) this.subMsNanos = raw.subMsNanos
    this.level = raw.level
    if (raw.levelRaw !== undefined) this.levelRaw = raw.levelRaw
    this.service = raw.service
    if (raw.traceId !== undefined) this.traceId = raw.traceId
    if (raw.spanId !== undefined) this.spanId = raw.spanId
    this.sort = raw.sort
    this.#raw = raw
    this.#m = m
  }

  get message(): string {
    return (this.#message ??= maskNamed('message', this.#raw.message, this.#m))
  }

  get logger(): string | undefined {
    const raw = this.#raw.logger
    return raw === undefined ? undefined : (this.#logger ??= maskNamed('logger', raw, this.#m))
  }

  get fields(): Record<string, unknown> {
    return (this.#fields ??= maskRecord(this.#raw.fields, this.#m))
  }

  toJSON(): LogRecord {
    const { logger } = this
    return { ...this, message: this.message, fields: this.fields, ...(logger === undefined ? {} : { logger }) }
  }
}

/**
 * Masks a log record for display. `fields` (the whole `_source`, shown as the JSON tree) goes
 * through every rule; the message and logger, already read out of it, get the text patterns
 * and any rule naming `message` / `logger` — otherwise the masked tree would sit beside an
 * unmasked copy of the same text. Ids, level, service and time are left as they are. Masked
 * values are computed on first read (see `MaskedLogRecord`).
 */
export function maskLogRecord(record: LogRecord, m: CompiledMasking): LogRecord {
  return m.empty ? record : new MaskedLogRecord(record, m)
}
