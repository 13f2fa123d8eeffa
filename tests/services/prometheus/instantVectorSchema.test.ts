/**
 * The hand-read instant vector (instantVectorSchema) must be the schema's answer exactly: the
 * same samples for every well-formed vector, the same first problem and path for a bad one.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { formatPath } from '@/services/formatPath'
import { envelopeSchema, instantSampleSchema, instantVectorSchema, queryDataSchema } from '@/services/prometheus/schemas'

const bySchema = envelopeSchema(z.looseObject({ resultType: z.literal('vector'), result: z.array(instantSampleSchema) }))
const byClient = envelopeSchema(queryDataSchema)

function firstProblem(r: { success: boolean; error?: z.ZodError }): string | undefined {
  const issue = r.error?.issues[0]
  return issue ? `${formatPath(issue.path)}: ${issue.message}` : undefined
}

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/)
const sampleText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('NaN', '+Inf', '-Inf', '0', '1e-9', '.5', '12.'),
)
const sample = fc.record({
  metric: fc.dictionary(labelName, fc.string({ unit: 'grapheme' }), { maxKeys: 4 }),
  value: fc.tuple(fc.double({ min: 0, max: 2e9, noNaN: true }), sampleText),
})

describe('instantVectorSchema', () => {
  it('well-formed vectors: the same samples as the plain schema', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 20 }), (result) => {
        const body = { status: 'success', data: { resultType: 'vector', result } }
        const expected = bySchema.parse(body).data.result
        const actual = byClient.parse(body).data
        expect(actual).toEqual({ resultType: 'vector', vector: expected })
      }),
    )
  })

  it('what the hand path does not read (numeric strings, histograms, bare numbers) still parses as the schema says', () => {
    const result = [
      { metric: { a: 'x' }, value: ['1700000000.5', '3'] },
      { metric: {}, value: [1, 2] },
      { metric: { le: '+Inf' }, histogram: [1, { count: '2', sum: '3', buckets: [[0, '0', '1', '2']] }] },
      { metric: { b: 'y' }, value: [1, '4'], extra: true },
    ]
    const body = { status: 'success', data: { resultType: 'vector', result } }
    expect(byClient.parse(body).data).toEqual({ resultType: 'vector', vector: bySchema.parse(body).data.result })
  })

  it.each([
    ['a label value that is not a string', [{ metric: { a: 1 }, value: [1, '2'] }]],
    ['a value that is not a float', [{ metric: {}, value: [1, 'fast'] }]],
    ['an empty value', [{ metric: {}, value: [1, ''] }]],
    ['a sample with neither value nor histogram', [{ metric: {} }]],
    ['a missing metric', [{ value: [1, '2'] }]],
    ['a short point', [{ metric: {}, value: [1] }]],
    ['a null sample', [null]],
    ['result not an array', { metric: {} }],
  ])('%s: the same first problem and path as the schema', (_what, result) => {
    const body = { status: 'success', data: { resultType: 'vector', result } }
    const expected = firstProblem(bySchema.safeParse(body))
    expect(expected).toBeDefined()
    expect(firstProblem(byClient.safeParse(body))).toBe(expected)
  })

  it('the standalone schema reads a vector and rejects junk', () => {
    expect(instantVectorSchema.parse([{ metric: { job: 'a' }, value: [5, '+Inf'] }])).toEqual([{ labels: { job: 'a' }, timeS: 5, value: Infinity }])
    expect(instantVectorSchema.safeParse('nope').success).toBe(false)
  })
})
