/**
 * The trace answers are read by hand (so the trace worker needs no zod). Each reader must be the
 * zod schema it replaced, exactly: the same answers pass, with the same fields kept or dropped,
 * and a rejected answer names the same place.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readJaegerTrace } from '@/domain/trace'
import { jaegerTraceAnswerSchema } from '@/services/traces/jaegerTraceAnswer'
import { traceChunksSchema } from '@/services/traces/jaegerV3TraceAnswer'
import { zipkinSpanListSchema } from '@/services/traces/zipkinTrace'
import { jaegerEnvelope } from '@/services/traces/jaegerEnvelope'

// The zod schemas as they were before the hand readers.
const zodJaegerTrace = z.looseObject({
  traceID: z.string().optional().catch(undefined),
  spans: z.array(z.unknown()),
  processes: z.record(z.string(), z.unknown()).optional().catch(undefined),
  warnings: z.array(z.string()).nullish().catch(undefined),
})
const zodJaegerAnswer = jaegerEnvelope(z.array(z.unknown()))
const zodChunk = z.looseObject({
  result: z.looseObject({ resourceSpans: z.array(z.unknown()).nullish() }).optional(),
  resourceSpans: z.array(z.unknown()).nullish(),
  error: z.looseObject({ httpCode: z.number().optional().catch(undefined), message: z.string().optional().catch(undefined) }).optional(),
})
const zodChunks = z.union([zodChunk, z.array(zodChunk)])
const zodSpanList = z.array(z.unknown())

type Result = { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } }

/**
 * The one intended difference: zod drops a `__proto__` key, the hand readers keep it (as data:
 * a process may be called that). Compared without those keys.
 */
function withoutProtoKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutProtoKeys)
  if (typeof v !== 'object' || v === null) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) if (k !== '__proto__') out[k] = withoutProtoKeys(x)
  return out
}

/** Both accept or both reject; accepted, the same value; rejected, at the same path. */
function expectSame(actual: Result, expected: Result): void {
  expect(actual.success).toBe(expected.success)
  if (actual.success && expected.success) expect(withoutProtoKeys(actual.data)).toEqual(withoutProtoKeys(expected.data))
  if (!actual.success && !expected.success) expect(actual.error.issues[0]?.path).toEqual(expected.error.issues[0]?.path)
}

const json = fc.jsonValue({ maxDepth: 3 })
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null | fc.JsonValue> => fc.oneof(a, fc.constant(null), json)
// Hostile keys among the ordinary ones: `__proto__` must stay data, never a prototype.
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'toString'))
const jaegerError = fc.record({ code: maybe(fc.integer()), msg: maybe(fc.string()), traceID: maybe(fc.string()), extra: json }, { requiredKeys: [] })
const jaegerTrace = fc.record(
  { traceID: maybe(fc.string()), spans: maybe(fc.array(json, { maxLength: 3 })), processes: maybe(fc.dictionary(key, json, { maxKeys: 3 })), warnings: maybe(fc.array(fc.oneof(fc.string(), json), { maxLength: 3 })) },
  { requiredKeys: [] },
)
const jaegerAnswer = fc.oneof(
  fc.record({ data: maybe(fc.array(fc.oneof(jaegerTrace, json), { maxLength: 2 })), errors: maybe(fc.array(fc.oneof(jaegerError, json), { maxLength: 3 })), total: json }, { requiredKeys: [] }),
  json,
)
const chunk = fc.record(
  {
    result: maybe(fc.record({ resourceSpans: maybe(fc.array(json, { maxLength: 2 })) }, { requiredKeys: [] })),
    resourceSpans: maybe(fc.array(json, { maxLength: 2 })),
    error: maybe(fc.record({ httpCode: maybe(fc.integer()), message: maybe(fc.string()) }, { requiredKeys: [] })),
    end: json,
  },
  { requiredKeys: [] },
)
const chunks = fc.oneof(chunk, fc.array(fc.oneof({ weight: 4, arbitrary: chunk }, { weight: 1, arbitrary: json }), { maxLength: 4 }), json)

/** As the wire gives it: through JSON text, so `__proto__` is an own key as JSON.parse makes it. */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v) ?? 'null')

describe('hand-read trace answers', () => {
  it('a Jaeger trace object reads as the zod schema read it', () => {
    fc.assert(
      fc.property(fc.oneof(jaegerTrace, json), (v) => {
        const body = wire(v)
        // Rejected, it is "not a Jaeger trace object" as a whole: no path to compare.
        const read = readJaegerTrace(body)
        const expected = zodJaegerTrace.safeParse(body)
        expect(read !== undefined).toBe(expected.success)
        if (expected.success) expect(withoutProtoKeys(read)).toEqual(withoutProtoKeys(expected.data))
      }),
      { numRuns: 500 },
    )
  })

  /** Every value `arbitrary` makes, through JSON text, reads the same with `hand` as with `zod`. */
  const readsAsZod = (arbitrary: fc.Arbitrary<unknown>, hand: { safeParse(v: unknown): Result }, zod: { safeParse(v: unknown): Result }): void =>
    fc.assert(
      fc.property(arbitrary, (v) => {
        const body = wire(v)
        expectSame(hand.safeParse(body), zod.safeParse(body))
      }),
      { numRuns: 500 },
    )

  it('the Jaeger v1 trace envelope reads as the zod schema read it', () => {
    readsAsZod(jaegerAnswer, jaegerTraceAnswerSchema, zodJaegerAnswer)
  })

  it('Jaeger v3 chunks (one object, or NDJSON lines as a list) read as the zod union read them', () => {
    readsAsZod(chunks, traceChunksSchema, zodChunks)
  })

  it('a Zipkin span list reads as the zod schema read it', () => {
    readsAsZod(json, zipkinSpanListSchema, zodSpanList)
  })

  it('a `__proto__` key stays data, never the prototype', () => {
    const trace = readJaegerTrace(JSON.parse('{"spans": [], "processes": {"__proto__": {"serviceName": "x"}}}'))
    expect(Object.getPrototypeOf(trace?.processes)).toBe(Object.prototype)
    expect(Object.keys(trace?.processes ?? {})).toEqual(['__proto__'])
    const answer = jaegerTraceAnswerSchema.safeParse(JSON.parse('{"data": [], "__proto__": {"polluted": true}}'))
    const data = answer.success ? (answer.data as Record<string, unknown>) : undefined
    expect(data?.polluted).toBeUndefined()
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype)
  })

  it('a rejected answer says what was expected, as zod words it', () => {
    const bad = jaegerTraceAnswerSchema.safeParse({ data: 'x' })
    expect(bad.success ? undefined : bad.error.issues[0]).toEqual({ path: ['data'], message: 'Invalid input: expected array, received string' })
    const notObject = jaegerTraceAnswerSchema.safeParse([])
    expect(notObject.success ? undefined : notObject.error.issues[0]?.message).toBe(zodJaegerAnswer.safeParse([]).error?.issues[0]?.message)
  })
})
