import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { useBackendQuery } from '@/composables/useBackendQuery'
import { usePolling } from '@/composables/usePolling'
import { BackendRequestError } from '@/services/errors'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useBackendQuery', () => {
  it('never starts a second run while one is in flight', async () => {
    let calls = 0
    const d = deferred<number>()
    const q = useBackendQuery(() => {
      calls++
      return d.promise
    })
    const a = q.run()
    const b = q.run()
    expect(calls).toBe(1)
    d.resolve(5)
    await Promise.all([a, b])
    expect(q.data.value).toBe(5)
    expect(q.loading.value).toBe(false)
  })

  it('keeps the last good data on failure and marks it stale', async () => {
    let fail = false
    const q = useBackendQuery(async () => {
      if (fail) throw new BackendRequestError({ kind: 'http', backend: 'prometheus', status: 503, message: 'down' })
      return 'cards'
    })
    await q.run()
    expect(q.stale.value).toBe(false)
    fail = true
    await q.run()
    expect(q.data.value).toBe('cards')
    expect(q.error.value).toMatchObject({ kind: 'http', status: 503 })
    expect(q.stale.value).toBe(true)
  })

  it('aborts the run in flight when its scope is disposed, and ignores its late answer', async () => {
    let seen: AbortSignal | undefined
    const d = deferred<string>()
    const scope = effectScope()
    const q = scope.run(() =>
      useBackendQuery((signal) => {
        seen = signal
        return d.promise
      }),
    )!
    const p = q.run()
    scope.stop()
    expect(seen?.aborted).toBe(true)
    d.resolve('late')
    await p
    expect(q.data.value).toBeUndefined()
    expect(q.error.value).toBeUndefined()
  })
})

describe('usePolling', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('waits for a slow tick to settle before scheduling the next one', async () => {
    let calls = 0
    let d = deferred<void>()
    const scope = effectScope()
    scope.run(() =>
      usePolling(() => {
        calls++
        return d.promise
      }, 1000),
    )
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(calls).toBe(1) // still in flight: no queued polls
    d.resolve()
    d = deferred<void>()
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    scope.stop()
    d.resolve()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toBe(2)
  })

  it('does not poll while the tab is hidden and catches up when it is shown', async () => {
    let calls = 0
    let state: DocumentVisibilityState = 'visible'
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => state)
    const scope = effectScope()
    scope.run(() => usePolling(async () => void calls++, 1000))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(1)
    state = 'hidden'
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(calls).toBe(1)
    state = 'visible'
    document.dispatchEvent(new Event('visibilitychange'))
    await nextTick()
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).toBe(2)
    scope.stop()
  })
})
