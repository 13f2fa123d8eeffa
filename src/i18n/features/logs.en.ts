/** English strings of the logs views; `logs.ko.ts` must provide every key. */
export const logsEn = {
  title: 'Logs',
} as const
