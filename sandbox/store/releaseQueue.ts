/**
 * Items waiting until the wall clock reaches their time: a span that ends 8 s after its
 * request started must not be readable before then, as with a real exporter. A binary
 * min-heap on `atMs`; ties keep insertion order.
 */
export class ReleaseQueue<T> {
  private readonly heap: { atMs: number; order: number; item: T }[] = []
  private order = 0

  get size(): number {
    return this.heap.length
  }

  push(atMs: number, item: T): void {
    this.heap.push({ atMs, order: this.order++, item })
    this.up(this.heap.length - 1)
  }

  /** Removes and returns, in time order, every item due at `nowMs`. */
  drain(nowMs: number): T[] {
    const out: T[] = []
    for (;;) {
      const top = this.heap[0]
      if (!top || top.atMs > nowMs) return out
      out.push(top.item)
      const last = this.heap.pop()
      if (last && this.heap.length > 0) {
        this.heap[0] = last
        this.down(0)
      }
    }
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]
    const y = this.heap[b]
    if (!x || !y) return false
    return x.atMs < y.atMs || (x.atMs === y.atMs && x.order < y.order)
  }

  private swap(a: number, b: number): void {
    const x = this.heap[a]
    const y = this.heap[b]
    if (!x || !y) return
    this.heap[a] = y
    this.heap[b] = x
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!this.less(i, p)) return
      this.swap(i, p)
      i = p
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < this.heap.length && this.less(l, m)) m = l
      if (r < this.heap.length && this.less(r, m)) m = r
      if (m === i) return
      this.swap(i, m)
      i = m
    }
  }
}
