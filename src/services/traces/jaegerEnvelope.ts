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

export type JaegerError = z.infer<typeof jaegerErrorSchema>

/** One line for a Jaeger `errors` entry: `trace <id>: <msg> (code <n>)`. */
export function describeJaegerError(e: JaegerError): string {
  const where = e.traceID ? `trace ${e.traceID}: ` : ''
  return `${where}${e.msg ?? 'error'}${e.code !== undefined ? ` (code ${e.code})` : ''}`
}
