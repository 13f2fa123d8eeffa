import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { BackendRequestError } from '@/services/errors'
import type { LogBackend } from '@/services/logs'
import { useLogsMappingStore } from '@/stores/logsMapping'

function backend(detectMapping?: LogBackend['detectMapping']): LogBackend {
  const never = () => Promise.reject(new Error('not used'))
  return { flavour: 'elasticsearch', queriedTraceIdField: 'trace.id', logsForTrace: never, searchLogs: never, ...(detectMapping ? { detectMapping } : {}) }
}

beforeEach(() => setActivePinia(createPinia()))

describe('logs mapping store', () => {
  it('reads the mapping once per session, even when asked twice at the same time', async () => {
    const detect = vi.fn(async () => ({ preset: 'otel' as const, candidates: [] }))
    const store = useLogsMappingStore()
    await Promise.all([store.detect(backend(detect)), store.detect(backend(detect))])
    await store.detect(backend(detect))
    expect(detect).toHaveBeenCalledTimes(1)
    expect(store.detection?.preset).toBe('otel')
    expect(store.loading).toBe(false)
  })

  it('keeps a failure (a user without view_index_metadata gets 403) and may try again', async () => {
    const detect = vi
      .fn<NonNullable<LogBackend['detectMapping']>>()
      .mockRejectedValueOnce(new BackendRequestError({ kind: 'forbidden', backend: 'Elasticsearch', status: 403 }))
      .mockResolvedValueOnce({ candidates: [{ path: 'traceid', type: 'text' }] })
    const store = useLogsMappingStore()
    await store.detect(backend(detect))
    expect(store.failure).toEqual({ kind: 'forbidden', backend: 'Elasticsearch', status: 403 })
    await store.detect(backend(detect))
    expect(store.failure).toBeUndefined()
    expect(store.detection?.candidates).toEqual([{ path: 'traceid', type: 'text' }])
  })

  it('says so when the backend cannot read mappings', async () => {
    const store = useLogsMappingStore()
    await store.detect(backend())
    expect(store.supported).toBe(false)
  })
})
