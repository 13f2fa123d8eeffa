/** English strings of the traces views; `traces.ko.ts` must provide every key. */
export const tracesEn = {
  title: 'Traces',
} as const
