import { randomBytes } from 'node:crypto'
import type { StoredLog } from '../store/logStore'
import { EsError, illegalArgument } from './esError'

/** ES's `search.max_keep_alive` default: a longer keep_alive is refused. */
const MAX_KEEP_ALIVE_MS = 24 * 3_600_000
/** ES's `search.max_open_pit_context` default. */
const MAX_OPEN = 300
const UNITS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** An ES time value (`30s`, `1m`, `500ms`) in milliseconds; ES's own error otherwise. */
export function parseKeepAlive(raw: string | null | undefined, setting = 'keep_alive'): number {
  const m = raw == null ? null : /^(\d+)(nanos|micros|ms|s|m|h|d)$/.exec(raw.trim())
  if (!m) throw illegalArgument(`failed to parse setting [${setting}] with value [${raw ?? ''}] as a time value: unit is missing or unrecognized`)
  const ms = Number(m[1]) * (UNITS[m[2] ?? 's'] ?? 1000)
  if (ms > MAX_KEEP_ALIVE_MS) {
    throw illegalArgument(`Keep alive for request (${raw ?? ''}) is too large. It must be less than (1d). This limit can be set by changing the [search.max_keep_alive] cluster level setting.`)
  }
  return ms
}

interface OpenPit {
  docs: StoredLog[]
  expiresAt: number
}

/**
 * Points-in-time over the sandbox's one-shard log store: opening one freezes the documents
 * stored at that moment, so logs the simulated services keep writing do not shift the pages of
 * a search read through it. Ids are opaque base64 strings, as ES's are; an unknown or expired
 * id is ES's 404 `search_context_missing_exception`.
 */
export class PitRegistry {
  private readonly pits = new Map<string, OpenPit>()

  open(docs: StoredLog[], keepAliveMs: number, nowMs: number): string {
    this.sweep(nowMs)
    if (this.pits.size >= MAX_OPEN) {
      throw new EsError(429, 'es_rejected_execution_exception', `Trying to create too many Point In Time contexts. Must be less than or equal to: [${MAX_OPEN}]. This limit can be set by changing the [search.max_open_pit_context] setting.`)
    }
    const id = randomBytes(24).toString('base64')
    this.pits.set(id, { docs, expiresAt: nowMs + keepAliveMs })
    return id
  }

  /** The frozen documents of `id`, its life extended by `keepAliveMs` when given. */
  search(id: string, keepAliveMs: number | undefined, nowMs: number): StoredLog[] {
    this.sweep(nowMs)
    const pit = this.pits.get(id)
    if (!pit) throw new EsError(404, 'search_context_missing_exception', `No search context found for id [${id.slice(0, 16)}…]`)
    if (keepAliveMs !== undefined) pit.expiresAt = nowMs + keepAliveMs
    return pit.docs
  }

  close(id: string): boolean {
    return this.pits.delete(id)
  }

  private sweep(nowMs: number): void {
    for (const [id, pit] of this.pits) if (pit.expiresAt <= nowMs) this.pits.delete(id)
  }
}
