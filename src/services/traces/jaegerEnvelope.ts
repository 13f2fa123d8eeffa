import { z } from 'zod'

/** `errors` entries of Jaeger's `structuredResponse` (cmd/query/app/http_handler.go). */
export const jaegerErrorSchema = z.looseObject({
  code: z.number().optional().catch(undefined),
  msg: z.string().optional().catch(undefined),
  traceID: z.string().optional().catch(undefined),
})

/** `{data, total, limit, offset, errors}`: `errors` non-null beside `data` means partial data. */
export function jaegerEnvelope<T extends z.ZodType>(data: T) {
  return z.looseObject({
    data: data.nullish(),
    errors: z.array(jaegerErrorSchema).nullish().catch(undefined),
  })
}
