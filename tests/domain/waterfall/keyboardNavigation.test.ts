import { describe, expect, it } from 'vitest'
import { collapseAll, expandAll, navigate, setCollapsed, toWaterfallData, visibleRows } from '@/domain/waterfall'
import { sampleTrace } from '../../support/tracesHarness'

describe('keyboard navigation in the waterfall tree', () => {
  const d = toWaterfallData(sampleTrace())
  const open = expandAll(d)
  const rows = visibleRows(d, open)

  it('moves up and down between rows on screen, clamped at the ends', () => {
    expect(navigate(d, rows, open, 0, 'ArrowDown', 10)).toEqual({ kind: 'focus', row: 1 })
    expect(navigate(d, rows, open, 0, 'ArrowUp', 10)).toEqual({ kind: 'focus', row: 0 })
    expect(navigate(d, rows, open, 2, 'End', 10)).toEqual({ kind: 'focus', row: 5 })
    expect(navigate(d, rows, open, 5, 'Home', 10)).toEqual({ kind: 'focus', row: 0 })
    expect(navigate(d, rows, open, 0, 'PageDown', 3)).toEqual({ kind: 'focus', row: 3 })
    expect(navigate(d, rows, open, -1, 'ArrowDown', 3)).toEqual({ kind: 'focus', row: 0 })
  })

  it('left collapses an open row, then goes to the parent; right expands, then goes to the first child', () => {
    expect(navigate(d, rows, open, 1, 'ArrowLeft', 10)).toEqual({ kind: 'collapse', row: 1 })
    const closed = setCollapsed(d, open, 1, true)
    expect(navigate(d, visibleRows(d, closed), closed, 1, 'ArrowLeft', 10)).toEqual({ kind: 'focus', row: 0 })
    expect(navigate(d, visibleRows(d, closed), closed, 1, 'ArrowRight', 10)).toEqual({ kind: 'expand', row: 1 })
    expect(navigate(d, rows, open, 1, 'ArrowRight', 10)).toEqual({ kind: 'focus', row: 2 })
    expect(navigate(d, rows, open, 2, 'ArrowRight', 10)).toEqual({ kind: 'none' })
    expect(navigate(d, rows, open, 2, 'ArrowLeft', 10)).toEqual({ kind: 'focus', row: 1 })
  })

  it('does nothing on an empty tree', () => {
    const none = collapseAll(d)
    expect(navigate(d, new Int32Array(0), none, 0, 'ArrowDown', 10)).toEqual({ kind: 'none' })
  })
})
