/** English strings of the metrics views; `metrics.ko.ts` must provide every key. */
export const metricsEn = {
  title: 'Service health',
} as const
