import { describe, expect, it } from 'vitest'
import { SPARK_H, sparklinePath } from '@/domain/metricsViews/sparklinePath'

describe('sparklinePath', () => {
  const range = { startS: 0, endS: 300, stepS: 60 }

  it('scales from 0 at the bottom to the maximum at the top', () => {
    const { path, max } = sparklinePath([[0, 0], [60, 5], [120, 10]], range)
    expect(max).toBe(10)
    expect(path).toBe(`M0 ${SPARK_H - 10}L200 120L400 10`)
  })

  it('breaks the line at NaN and at holes instead of drawing a fake 0 or bridging', () => {
    const { path } = sparklinePath([[0, 1], [60, NaN], [120, 1], [300, 1]], range)
    expect(path.match(/M/g)).toHaveLength(3)
    expect(path).not.toContain(`${SPARK_H - 10}L`)
  })

  it('is empty when there is no finite point', () => {
    expect(sparklinePath([[0, NaN]], range)).toEqual({ path: '', max: undefined })
    expect(sparklinePath([], range)).toEqual({ path: '', max: undefined })
  })

  it('draws an all-zero series on the floor', () => {
    expect(sparklinePath([[0, 0], [60, 0]], range).path).toBe(`M0 ${SPARK_H - 10}L200 ${SPARK_H - 10}`)
  })
})
