/** Small async helpers shared by the metrics loaders. */

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** A promise's outcome without throwing, for panels that degrade instead of failing. */
export function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

/** An AbortSignal that aborts with `parent` or when `abort()` is called. */
export function linkedAbort(parent: AbortSignal | undefined): { signal: AbortSignal; abort: () => void } {
  const controller = new AbortController()
  if (parent?.aborted) controller.abort()
  else parent?.addEventListener('abort', () => controller.abort(), { once: true })
  return { signal: controller.signal, abort: () => controller.abort() }
}
