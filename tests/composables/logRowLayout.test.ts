import { describe, expect, it } from 'vitest'
import { createRowLayout } from '@/composables/logRowLayout'

describe('createRowLayout', () => {
  it('places fixed-height rows by arithmetic', () => {
    const l = createRowLayout(100_000, 29, [])
    expect(l.totalHeight).toBe(2_900_000)
    expect(l.topOf(10)).toBe(290)
    expect(l.indexAt(0)).toBe(0)
    expect(l.indexAt(28.9)).toBe(0)
    expect(l.indexAt(29)).toBe(1)
    expect(l.indexAt(10_000_000)).toBe(99_999)
    expect(l.indexAt(-5)).toBe(0)
  })

  it('accounts for tall (expanded) rows before and inside the point asked', () => {
    // Rows 2 and 5 are 100 high, the others 10.
    const l = createRowLayout(10, 10, [{ index: 5, height: 100 }, { index: 2, height: 100 }])
    expect(l.totalHeight).toBe(10 * 10 + 90 * 2)
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((i) => l.topOf(i))).toEqual([0, 10, 20, 120, 130, 140, 240, 280])
    expect(l.indexAt(19)).toBe(1)
    expect(l.indexAt(20)).toBe(2)
    expect(l.indexAt(119)).toBe(2)
    expect(l.indexAt(120)).toBe(3)
    expect(l.indexAt(139)).toBe(4)
    expect(l.indexAt(200)).toBe(5)
    expect(l.indexAt(240)).toBe(6)
    expect(l.indexAt(279)).toBe(9)
    expect(l.indexAt(5000)).toBe(9)
  })

  it('ignores tall rows outside the list or not taller than the rest', () => {
    const l = createRowLayout(3, 10, [{ index: 7, height: 100 }, { index: 1, height: 10 }, { index: -1, height: 50 }])
    expect(l.totalHeight).toBe(30)
    expect(createRowLayout(0, 10, []).indexAt(50)).toBe(0)
  })
})
