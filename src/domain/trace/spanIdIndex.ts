/** What the build needs of the id → first span index. */
export interface SpanIdLookup {
  get(id: string): number | undefined
  has(id: string): boolean
}

const EMPTY = -1

/**
 * Span id → index of the first span holding it. Normalised ids are 16 lowercase hex digits, so
 * they are kept as two 32-bit words in one open-addressing table (one typed array of
 * `[hi, lo, index]` triples, so a probe touches one cache line): a `Map` keyed by 100,000
 * distinct string objects (JSON.parse makes a fresh one per span) was the slowest step of
 * building a big trace. Other texts (invalid ids kept as written) go to a plain `Map`.
 */
export class SpanIdIndex implements SpanIdLookup {
  private bits = 4
  /** Slot `k` is `table[3k]` (high word), `table[3k + 1]` (low word), `table[3k + 2]` (index). */
  private table: Int32Array
  private used = 0
  private readonly other = new Map<string, number>()

  /** `expected`: ids it will hold; more fit too (the table doubles when half full). */
  constructor(expected: number) {
    while (1 << this.bits < expected * 2) this.bits++
    this.table = emptyTable(this.bits)
  }

  get(id: string): number | undefined {
    const hi = id.length === 16 ? hexWord(id, 0) : -1
    const lo = hi >= 0 ? hexWord(id, 8) : -1
    if (lo < 0) return this.other.get(id)
    const v = this.table[this.slot(hi | 0, lo | 0) + 2] as number
    return v === EMPTY ? undefined : v
  }

  has(id: string): boolean {
    return this.get(id) !== undefined
  }

  /** Records `index` for `id` unless the id is known already; true when it was new. */
  add(id: string, index: number): boolean {
    const hi = id.length === 16 ? hexWord(id, 0) : -1
    const lo = hi >= 0 ? hexWord(id, 8) : -1
    if (lo < 0) {
      if (this.other.has(id)) return false
      this.other.set(id, index)
      return true
    }
    const at = this.slot(hi | 0, lo | 0)
    const t = this.table
    if (t[at + 2] !== EMPTY) return false
    t[at] = hi
    t[at + 1] = lo
    t[at + 2] = index
    // At most half full, so probes stay short (a trace read while it arrives has no size yet).
    if (++this.used * 2 > 1 << this.bits) this.grow()
    return true
  }

  private grow(): void {
    const old = this.table
    this.bits++
    this.table = emptyTable(this.bits)
    for (let at = 0; at < old.length; at += 3) {
      if (old[at + 2] === EMPTY) continue
      const hi = old[at] as number
      const lo = old[at + 1] as number
      const to = this.slot(hi, lo)
      this.table[to] = hi
      this.table[to + 1] = lo
      this.table[to + 2] = old[at + 2] as number
    }
  }

  /**
   * Offset of the slot holding (hi, lo), or of the empty slot where it belongs (linear probing).
   * Both words come as signed 32-bit values, as the table stores them.
   */
  private slot(hi: number, lo: number): number {
    const t = this.table
    const mask = (1 << this.bits) - 1
    let k = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> (32 - this.bits)
    for (;;) {
      const at = k * 3
      if (t[at + 2] === EMPTY || (t[at] === hi && t[at + 1] === lo)) return at
      k = (k + 1) & mask
    }
  }
}

function emptyTable(bits: number): Int32Array {
  const table = new Int32Array(3 << bits)
  for (let k = 2; k < table.length; k += 3) table[k] = EMPTY
  return table
}

/** Eight lowercase hex digits from `from` as an unsigned 32-bit number; -1 when not hex. */
function hexWord(s: string, from: number): number {
  let v = 0
  for (let k = from; k < from + 8; k++) {
    const c = s.charCodeAt(k)
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1
    if (d < 0) return -1
    v = v * 16 + d
  }
  return v
}
