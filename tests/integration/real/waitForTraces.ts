/**
 * Jaeger's OTLP receiver acknowledges a batch before the batch processor has written it to
 * storage, so a test that reads at once can see half a trace. Waits until the given traces
 * answer with every span (the last ones exported are the last to be written).
 */
export async function waitForTraces(jaegerUrl: string, expected: ReadonlyMap<string, number>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const pending = new Map(expected)
  while (pending.size > 0) {
    for (const [id, count] of pending) {
      const res = await fetch(`${jaegerUrl}/api/traces/${id}`, { signal: AbortSignal.timeout(5000) })
      if (res.ok) {
        const body = (await res.json()) as { data?: { spans?: unknown[] }[] }
        if ((body.data?.[0]?.spans?.length ?? 0) >= count) pending.delete(id)
      } else await res.body?.cancel()
    }
    if (pending.size === 0) return
    if (Date.now() > deadline) throw new Error(`Jaeger did not store traces ${[...pending.keys()].join(', ')} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
