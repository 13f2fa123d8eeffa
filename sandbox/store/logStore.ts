import type { JsonObject } from '../logs/logDocument'

/** One stored log document; `seq` is its Elasticsearch `_doc` number (unique, increasing). */
export interface StoredLog {
  seq: number
  id: string
  timestampMs: number
  doc: JsonObject
}

/** The last `maxLogs` log documents, oldest evicted first. */
export class LogStore {
  private readonly entries: StoredLog[] = []
  private head = 0
  private nextSeq = 0

  constructor(readonly maxLogs: number) {
    if (!Number.isInteger(maxLogs) || maxLogs < 1) throw new RangeError('maxLogs must be a positive integer')
  }

  get size(): number {
    return this.entries.length - this.head
  }

  add(timestampMs: number, doc: JsonObject): StoredLog {
    const seq = this.nextSeq++
    const entry: StoredLog = { seq, id: `sbx${seq.toString(36).padStart(8, '0')}`, timestampMs, doc }
    this.entries.push(entry)
    if (this.size > this.maxLogs) this.head++
    // Compact now and then so eviction stays O(1) amortised without unbounded growth.
    if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head)
      this.head = 0
    }
    return entry
  }

  /** Every stored document, oldest first. */
  all(): StoredLog[] {
    return this.entries.slice(this.head)
  }
}
