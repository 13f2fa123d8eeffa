/** The RED metric conventions Traceboard knows (their queries live in redPresets.ts). */
export const PRESET_IDS = [
  'spanmetrics',
  'spanmetrics-legacy',
  'tempo',
  'otel-http',
  'otel-http-legacy',
  'micrometer',
  'prom-client',
] as const

export type PresetId = (typeof PRESET_IDS)[number]
