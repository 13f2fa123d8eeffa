import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, shallowRef } from 'vue'
import type { LogRecord } from '@/domain/logs/logRecord'
import { useLogTextFilter } from '@/composables/useLogTextFilter'

const record = (i: number): LogRecord => ({
  id: `i/${i}`, index: 'i', timestamp: '', timeMs: i, level: 'info', message: i % 2 ? `Payment ${i} approved` : `token ${i} refreshed`, service: 'svc', fields: {}, sort: [i],
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('useLogTextFilter', () => {
  it('narrows as the query grows and finds the shorter query again on backspace', () => {
    const records = shallowRef(Array.from({ length: 3000 }, (_, i) => record(i)))
    const query = ref('')
    const scope = effectScope()
    const visible = scope.run(() => useLogTextFilter(records, query))!
    expect(visible.value).toBe(records.value)
    query.value = 'PAYMENT'
    expect(visible.value).toHaveLength(1500)
    query.value = 'payment 29'
    expect(visible.value.map((r) => r.timeMs)).toEqual([29, 291, 293, 295, 297, 299, ...Array.from({ length: 50 }, (_, k) => 2901 + 2 * k)])
    query.value = 'payment'
    expect(visible.value).toHaveLength(1500)
    scope.stop()
  })

  it('answers a keystroke that comes before the texts are built with what is built, then completes the answer', async () => {
    vi.useFakeTimers()
    const records = shallowRef(Array.from({ length: 5000 }, (_, i) => record(i)))
    const query = ref('')
    const scope = effectScope()
    const visible = scope.run(() => useLogTextFilter(records, query))!
    // A slow machine: every clock read is 6 ms later, so the keystroke's budget builds one chunk.
    let now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (now += 6))
    query.value = 'approved'
    const partial = visible.value.length
    expect(partial).toBeGreaterThan(0)
    expect(partial).toBeLessThan(2500)
    await vi.runAllTimersAsync()
    await nextTick()
    expect(visible.value).toHaveLength(2500)
    scope.stop()
  })
})
