/** What the build needs of the id → first span index. */
export interface SpanIdLookup {
  get(id: string): number | undefined
  has(id: string): boolean
}

const EMPTY = -1

/**
 * Span id → index of the first span holding it. Normalised ids are 16 lowercase hex digits, so
 * they are kept as two 32-bit words in one open-addressing table of typed arrays: a `Map` keyed
 * by 100,000 distinct string objects (JSON.parse makes a fresh one per span) was the slowest step
 * of building a big trace. Other texts (invalid ids kept as written) go to a plain `Map`.
 */
export class SpanIdIndex implements SpanIdLookup {
  private readonly bits: number
  private readonly hi: Uint32Array
  private readonly lo: Uint32Array
  private readonly value: Int32Array
  private readonly other = new Map<string, number>()

  constructor(expected: number) {
    let bits = 4
    while (1 << bits < expected * 2) bits++
    this.bits = bits
    this.hi = new Uint32Array(1 << bits)
    this.lo = new Uint32Array(1 << bits)
    this.value = new Int32Array(1 << bits).fill(EMPTY)
  }

  get(id: string): number | undefined {
    const hi = id.length === 16 ? hexWord(id, 0) : -1
    const lo = hi >= 0 ? hexWord(id, 8) : -1
    if (lo < 0) return this.other.get(id)
    const v = this.value[this.slot(hi, lo)] as number
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
    const at = this.slot(hi, lo)
    if (this.value[at] !== EMPTY) return false
    this.hi[at] = hi
    this.lo[at] = lo
    this.value[at] = index
    return true
  }

  /** The slot holding (hi, lo), or the empty slot where it belongs (linear probing). */
  private slot(hi: number, lo: number): number {
    const mask = (1 << this.bits) - 1
    let at = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b) >>> (32 - this.bits)
    while (this.value[at] !== EMPTY && (this.hi[at] !== hi || this.lo[at] !== lo)) at = (at + 1) & mask
    return at
  }
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
