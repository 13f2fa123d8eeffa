import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  collapseAll,
  collapseToDepth,
  expandAll,
  positionOf,
  revealRow,
  setCollapsed,
  spanKeyAt,
  toWaterfallData,
  visibleRows,
} from '@/domain/waterfall'
import { buildTrace } from '@/domain/trace'
import { sampleTrace, span } from '../../support/tracesHarness'

const keys = (d: ReturnType<typeof toWaterfallData>, rows: Int32Array): string[] => [...rows].map((i) => spanKeyAt(d, i).slice(-2))

describe('visible rows from the collapsed state', () => {
  const d = toWaterfallData(sampleTrace())

  it('shows every row in pre-order when nothing is collapsed', () => {
    expect(keys(d, visibleRows(d, expandAll(d)))).toEqual(['0f', 'a0', 'a1', 'a2', 'b0', 'b1'])
  })

  it('skips a collapsed subtree but keeps the collapsed row itself', () => {
    const collapsed = setCollapsed(d, expandAll(d), 1, true)
    expect(keys(d, visibleRows(d, collapsed))).toEqual(['0f', 'a0', 'b0', 'b1'])
  })

  it('collapse all leaves only top-level rows; expanding one opens one level', () => {
    const all = collapseAll(d)
    expect(keys(d, visibleRows(d, all))).toEqual(['0f'])
    expect(keys(d, visibleRows(d, setCollapsed(d, all, 0, false)))).toEqual(['0f', 'a0', 'b0'])
  })

  it('collapse to depth N shows N levels', () => {
    expect(keys(d, visibleRows(d, collapseToDepth(d, 2)))).toEqual(['0f', 'a0', 'b0'])
    expect(keys(d, visibleRows(d, collapseToDepth(d, 3)))).toEqual(['0f', 'a0', 'a1', 'a2', 'b0', 'b1'])
  })

  it('never collapses a leaf and returns the same array when nothing changes', () => {
    const open = expandAll(d)
    expect(setCollapsed(d, open, 2, true)).toBe(open)
    expect(setCollapsed(d, open, 0, false)).toBe(open)
  })

  it('reveals a hidden row by expanding its ancestors only', () => {
    const all = collapseAll(d)
    const revealed = revealRow(d, all, 5)
    expect(keys(d, visibleRows(d, revealed))).toEqual(['0f', 'a0', 'b0', 'b1'])
    expect(revealed[1]).toBe(1)
    expect(all[0]).toBe(1)
  })

  it('prunes hidden subtrees whole', () => {
    const hidden = new Uint8Array(d.count)
    hidden[4] = 1
    expect(keys(d, visibleRows(d, expandAll(d), hidden))).toEqual(['0f', 'a0', 'a1', 'a2'])
  })

  it('finds a row position by binary search', () => {
    const rows = visibleRows(d, setCollapsed(d, expandAll(d), 1, true))
    expect(positionOf(rows, 4)).toBe(2)
    expect(positionOf(rows, 2)).toBe(-1)
  })

  it('agrees with a naive walk for any collapsed set (property)', () => {
    const spans = [span('0000000000000001')]
    for (let i = 2; i <= 60; i++) spans.push(span(i.toString(16).padStart(16, '0'), (1 + ((i * 7) % (i - 1))).toString(16).padStart(16, '0'), { startUs: 1_000_000 + i }))
    const data = toWaterfallData(buildTrace(spans))
    fc.assert(
      fc.property(fc.uint8Array({ minLength: data.count, maxLength: data.count, max: 1 }), (bits) => {
        const collapsed = Uint8Array.from(bits, (b, i) => (b && (data.childCount[i] as number) > 0 ? 1 : 0))
        const naive: number[] = []
        for (let i = 0; i < data.count; i++) {
          let hiddenByAncestor = false
          for (let p = data.parent[i] as number; p >= 0; p = data.parent[p] as number) if (collapsed[p]) hiddenByAncestor = true
          if (!hiddenByAncestor) naive.push(i)
        }
        expect([...visibleRows(data, collapsed)]).toEqual(naive)
      }),
      { numRuns: 200 },
    )
  })
})
