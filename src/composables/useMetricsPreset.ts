import { RED_PRESETS, type RedPreset } from '@/domain/metrics/redPresets'
import { detectMetricsPreset } from '@/services/prometheus/detectMetricsPreset'
import type { MetricsBackend } from '@/services/backends'

const detected = new WeakMap<MetricsBackend, RedPreset>()
const detecting = new WeakMap<MetricsBackend, Promise<RedPreset | undefined>>()

/** The preset when it is already known (configured, or detected earlier), without a request. */
export function knownMetricsPreset(backend: MetricsBackend): RedPreset | undefined {
  return backend.preset === 'auto' ? detected.get(backend) : RED_PRESETS[backend.preset]
}

/**
 * The RED preset of a metrics backend: the configured one, or the one detected from its metric
 * names (one request, remembered per backend once found; every view of the page shares it).
 * Undefined when Prometheus has none of the known RED metrics — detection is tried again on
 * the next call, since metrics may start to arrive.
 */
export function resolveMetricsPreset(backend: MetricsBackend): Promise<RedPreset | undefined> {
  const known = knownMetricsPreset(backend)
  if (known) return Promise.resolve(known)
  let pending = detecting.get(backend)
  if (!pending) {
    // Not tied to one caller's AbortSignal: several panels wait on the same detection.
    pending = detectMetricsPreset(backend.client)
      .then((id) => {
        const preset = id === undefined ? undefined : RED_PRESETS[id]
        if (preset) detected.set(backend, preset)
        return preset
      })
      .finally(() => detecting.delete(backend))
    detecting.set(backend, pending)
  }
  return pending
}
