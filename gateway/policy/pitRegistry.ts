/**
 * Point-in-time ids this gateway opened, and for whom. A search or close by PIT id names no
 * index in its path (the id carries it), so the gateway only lets a user use ids it handed to
 * that same user after checking the index: an id opened elsewhere (Kibana, another user) is
 * refused. Bounded: the oldest entries go first when full; expired ones are ignored.
 */
export class PitRegistry {
  private readonly entries = new Map<string, { user: string; expiresAt: number }>()

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an id returned to `user`, valid for `keepAliveMs` (renewed by each use). */
  register(id: string, user: string, keepAliveMs: number): void {
    this.entries.delete(id)
    this.entries.set(id, { user, expiresAt: this.now() + keepAliveMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
  }

  /** True when `id` was opened by `user` and has not expired. */
  owns(id: string, user: string): boolean {
    const e = this.entries.get(id)
    if (!e) return false
    if (e.expiresAt < this.now()) {
      this.entries.delete(id)
      return false
    }
    return e.user === user
  }

  remove(id: string): void {
    this.entries.delete(id)
  }
}
