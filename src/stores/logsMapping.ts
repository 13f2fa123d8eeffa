import { defineStore, acceptHMRUpdate } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { MappingDetection } from '@/domain/logs/detectMappingPreset'
import { toBackendFailure, type BackendFailure } from '@/services/errors'
import type { LogBackend } from '@/services/logs'

/**
 * What the log index mapping says about the trace-id field (`GET <index>/_mapping`). Shared by
 * the log panel and the log search: one check per session answers "why no logs?" in both.
 */
export const useLogsMappingStore = defineStore('tb.logs.mapping', () => {
  const detection = shallowRef<MappingDetection>()
  const failure = ref<BackendFailure>()
  const loading = ref(false)
  /** False when the backend cannot read mappings at all (no `detectMapping`). */
  const supported = ref(true)
  let inFlight: Promise<void> | undefined

  /** Reads the mapping once (again only after a failure); the user may lack the privilege. */
  function detect(backend: LogBackend): Promise<void> {
    if (detection.value) return Promise.resolve()
    if (inFlight) return inFlight
    if (!backend.detectMapping) {
      supported.value = false
      return Promise.resolve()
    }
    const read = backend.detectMapping.bind(backend)
    loading.value = true
    failure.value = undefined
    inFlight = (async () => {
      try {
        detection.value = await read()
      } catch (e) {
        failure.value = toBackendFailure(e, backend.flavour)
      } finally {
        loading.value = false
        inFlight = undefined
      }
    })()
    return inFlight
  }

  return { detection, failure, loading, supported, detect }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLogsMappingStore, import.meta.hot))
