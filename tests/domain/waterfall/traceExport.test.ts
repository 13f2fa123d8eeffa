import { describe, expect, it } from 'vitest'
import { compileMasking } from '@/domain/masking'
import { parseTraceFile } from '@/domain/trace'
import { attributeMasker, traceToJaegerJson } from '@/domain/waterfall'
import { readContractText } from '../../support/contracts'

describe('download as Jaeger JSON', () => {
  it('reads back as the same trace: spans, tree, services, errors and attributes', () => {
    for (const file of ['traces/zipkin/messaging-kafka.json', 'traces/jaeger/genai-57-spans.json', 'traces/otlp/example-trace-3-services.json']) {
      const original = parseTraceFile(readContractText(file)).traces[0]!
      const back = parseTraceFile(traceToJaegerJson(original))
      expect(back.format).toBe('jaeger-envelope')
      const copy = back.traces[0]!
      expect(copy.spanCount).toBe(original.spanCount)
      expect(copy.errorCount).toBe(original.errorCount)
      expect(copy.services.map((s) => s.name)).toEqual(original.services.map((s) => s.name))
      expect(copy.spans.map((s) => [s.spanId, s.depth, s.name, s.kind])).toEqual(original.spans.map((s) => [s.spanId, s.depth, s.name, s.kind]))
      for (const [i, s] of original.spans.entries()) expect(copy.spans[i]!.attributes).toMatchObject(s.attributes)
    }
  })

  it('applies display masking to what is written', () => {
    const original = parseTraceFile(readContractText('traces/jaeger/graph-11-spans.json')).traces[0]!
    const key = Object.keys(original.spans.find((s) => Object.keys(s.attributes).length > 0)!.attributes)[0]!
    const json = traceToJaegerJson(original, attributeMasker(compileMasking({ fields: [{ path: key, action: 'drop' }] })))
    expect(JSON.stringify(parseTraceFile(json).traces[0]!.spans.map((s) => Object.keys(s.attributes)))).not.toContain(`"${key}"`)
  })
})
