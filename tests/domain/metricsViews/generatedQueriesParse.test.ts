import { describe, expect, it } from 'vitest'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import { RED_FIGURES, serviceRedQueries } from '@/domain/metrics/redQueries'
import { COMPARISON_TAGS, overviewComparisonQuery, overviewFiguresQuery, sparklineQuery } from '@/domain/metricsViews/overviewQueries'
import { figureQuery } from '@/domain/metricsViews/redFigureQuery'
import { taggedUnion, withLabel, TAG_LABEL } from '@/domain/metricsViews/promqlParts'
import {
  breakdownSharesQuery,
  chartQuery,
  exemplarSelector,
  requestSelector,
  type ChartKind,
} from '@/domain/metricsViews/serviceQueries'
import type { PromQL } from '@/domain/promql/builder'
import { decodeGoString, parseErrors, parseNodes, stringLiterals } from '../promql/lezerPromql'

const HOSTILE = 'pay.ments+ "β" \\d\n|x\u200f'
const HOSTILE_OP = 'POST /pay/{id} "quoted" \\'

function everyQuery(id: (typeof PRESET_IDS)[number]): Record<string, string> {
  const preset = RED_PRESETS[id]
  const out: Record<string, string> = {}
  for (const [variant, opts] of [['all', {}], ['one hostile', { services: [HOSTILE] }]] as const) {
    out[`overview figures (${variant})`] = overviewFiguresQuery(preset, opts)
    out[`overview comparisons (${variant})`] = overviewComparisonQuery(preset, opts)
    out[`sparkline (${variant})`] = sparklineQuery(preset, opts)
  }
  for (const kind of ['rate', 'errorRatio', 'latency'] as ChartKind[]) {
    for (const overlay of [undefined, '1d', '1w'] as const) {
      out[`chart ${kind} overlay ${overlay ?? 'none'}`] = chartQuery(preset, kind, { service: HOSTILE, operation: HOSTILE_OP }, '120s', overlay)
    }
  }
  out['breakdown'] = breakdownSharesQuery(preset, { service: HOSTILE }, preset.breakdownLabels[0] ?? 'x', '1h')
  out['exemplars'] = exemplarSelector(preset, { service: HOSTILE })
  out['labels match'] = requestSelector(preset, { service: HOSTILE, operation: HOSTILE_OP })
  return out
}

describe.each(PRESET_IDS)('queries of preset %s', (id) => {
  const queries = everyQuery(id)

  it.each(Object.entries(queries))('%s parses with lezer-promql', (_name, q) => {
    expect(parseErrors(q)).toEqual([])
  })

  it('carries hostile service and operation names as exact string literals', () => {
    const decoded = stringLiterals(queries['chart rate overlay 1d'] ?? '').map(decodeGoString)
    expect(decoded).toContain(HOSTILE)
    expect(decoded).toContain(HOSTILE_OP)
  })

  it.each(RED_FIGURES)('%s without offset is exactly the redQueries template', (figure) => {
    const preset = RED_PRESETS[id]
    const own = figureQuery(preset, figure, { groupBy: [preset.serviceLabel], matchers: [], window: '5m' })
    expect(own).toBe(serviceRedQueries(preset)[figure])
  })

  it('asks rate, error ratio and p95 of every service now in one query, tagged by figure', () => {
    const preset = RED_PRESETS[id]
    const q = overviewFiguresQuery(preset)
    const literals = stringLiterals(q).map(decodeGoString)
    expect(literals).toEqual(expect.arrayContaining(['rate', 'errorRatio', 'p95']))
    expect(parseNodes(q).filter((n) => n.name === 'OffsetExpr')).toHaveLength(0)
    expect(q).toContain(`sum by (${preset.serviceLabel}) (`)
  })

  it('asks every figure a day and a week ago in one query, offset on every range selector', () => {
    const q = overviewComparisonQuery(RED_PRESETS[id])
    const nodes = parseNodes(q)
    const literals = stringLiterals(q).map(decodeGoString)
    expect(literals.filter((s) => s === TAG_LABEL).length).toBe(2 * COMPARISON_TAGS.length)
    expect(literals).toEqual(expect.arrayContaining([...COMPARISON_TAGS]))
    // Per time: rate 1 range selector, error ratio 3, p95 1.
    const selectors = nodes.filter((n) => n.name === 'MatrixSelector')
    const offsets = nodes.filter((n) => n.name === 'OffsetExpr').map((n) => n.text)
    expect(selectors).toHaveLength(10)
    expect(offsets).toHaveLength(10)
    expect(offsets.filter((o) => o.endsWith('offset 1d'))).toHaveLength(5)
    expect(offsets.filter((o) => o.endsWith('offset 1w'))).toHaveLength(5)
  })
})

describe('taggedUnion', () => {
  it('joins parts with or, each labelled by label_replace', () => {
    const q = taggedUnion([
      { tag: 'a', expr: 'up' as PromQL },
      { tag: 'b', expr: 'up offset 1d' as PromQL },
    ])
    expect(parseErrors(q)).toEqual([])
    expect(parseNodes(q).filter((n) => n.name === 'LabelReplace')).toHaveLength(2)
    expect(parseNodes(q).some((n) => n.name === 'Or')).toBe(true)
  })

  it('refuses a tag label that is not a label name and an empty union', () => {
    expect(() => withLabel('up' as PromQL, 'bad-name', 'x')).toThrow(/label name/)
    expect(() => taggedUnion([])).toThrow()
  })

  it('escapes the tag value', () => {
    const q = withLabel('up' as PromQL, 'tb_part', 'x"y')
    expect(parseErrors(q)).toEqual([])
    expect(stringLiterals(q).map(decodeGoString)).toContain('x"y')
  })
})
