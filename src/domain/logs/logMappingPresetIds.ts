/** Ids of the log field mapping presets; apart from the presets so install code stays small. */
export const LOG_MAPPING_PRESET_IDS = ['ecs', 'otel', 'otel-raw', 'spring-logstash'] as const
export type LogMappingPresetId = (typeof LOG_MAPPING_PRESET_IDS)[number]
