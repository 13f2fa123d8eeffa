import { describe, expect, it } from 'vitest'
import { PRESET_IDS, RED_PRESETS } from '@/domain/metrics/redPresets'
import { chartBandQuery, overviewBandQuery, weekTags } from '@/domain/anomaly/anomalyQueries'
import { figureQuery } from '@/domain/metricsViews/redFigureQuery'
import { serviceRedQueries } from '@/domain/metrics/redQueries'
import { TAG_LABEL, withLabel } from '@/domain/metricsViews/promqlParts'
import { decodeGoString, parseErrors, parseNodes, stringLiterals } from '../promql/lezerPromql'

const HOSTILE = 'pay.ments+ "β" \\d\n|x\u200f'

describe.each(PRESET_IDS)('usual-week band queries of preset %s', (id) => {
  const preset = RED_PRESETS[id]

  it('the overview band is one query that parses, with every figure at 1w…4w', () => {
    const q = overviewBandQuery(preset, { weeks: 4 })
    expect(parseErrors(q)).toEqual([])
    const offsets = parseNodes(q).filter((n) => n.name === 'OffsetExpr')
    // rate: 1 selector, error ratio: 3 (errors, all, all), p95: 1 — per week.
    expect(offsets).toHaveLength(4 * (1 + 3 + 1))
    for (const w of [1, 2, 3, 4]) expect(q).toContain(`offset ${w}w`)
    expect(q).not.toContain('offset 5w')
    const tags = stringLiterals(q).map(decodeGoString)
    for (const tag of weekTags(4)) expect(tags).toContain(tag)
  })

  it('each tagged part is the preset RED template of the figure, evaluated N weeks ago', () => {
    const q = overviewBandQuery(preset, { weeks: 2 })
    const scope = { groupBy: [preset.serviceLabel], matchers: [], window: '5m' }
    for (const figure of ['rate', 'errorRatio', 'p95'] as const) {
      // Without offset the figure is exactly redQueries.ts's query…
      expect(figureQuery(preset, figure, scope)).toBe(serviceRedQueries(preset)[figure])
      // …and the band holds it with the offset, tagged by figure and week.
      expect(q).toContain(withLabel(figureQuery(preset, figure, { ...scope, offset: '2w' }), TAG_LABEL, `${figure}_w2`))
    }
  })

  it('groups by the service label, narrowed to the services asked for (escaped)', () => {
    const q = overviewBandQuery(preset, { weeks: 4, services: [HOSTILE] })
    expect(parseErrors(q)).toEqual([])
    expect(q).toContain(`sum by (${preset.serviceLabel}`)
    expect(stringLiterals(q).map(decodeGoString).some((s) => s.includes('pay\\.ments\\+'))).toBe(true)
  })

  it('the chart band is one query for one service, ungrouped, at the charts rate window', () => {
    const q = chartBandQuery(preset, { service: HOSTILE, operation: 'GET /x' }, '120s', 4)
    expect(parseErrors(q)).toEqual([])
    expect(q).not.toContain(`sum by (${preset.serviceLabel}`)
    expect(q).toContain('[120s] offset 4w')
    expect(stringLiterals(q).map(decodeGoString)).toContain(HOSTILE)
  })

  it('the query does not grow with the number of services', () => {
    expect(overviewBandQuery(preset, { weeks: 4 })).toBe(overviewBandQuery(preset, { weeks: 4, services: [] }))
  })
})

describe('week tags', () => {
  it('one per figure and week; no weeks is refused', () => {
    expect(weekTags(2)).toEqual(['rate_w1', 'rate_w2', 'errorRatio_w1', 'errorRatio_w2', 'p95_w1', 'p95_w2'])
    expect(() => weekTags(0)).toThrow(/weeks/)
  })
})
