import { formatDurationUs } from '../time/durations'
import { barGeometry } from './barGeometry'
import type { CriticalPathMarks } from './criticalPathMarks'
import { serviceColor } from './serviceColors'
import { SPAN_ERROR, SPAN_WARNING, spanKeyAt, type WaterfallData } from './waterfallData'

/** Deeper rows stop indenting further (a 10,000-deep chain must not push labels off screen). */
export const MAX_INDENT_LEVELS = 24
export const INDENT_PX = 14

export interface RowView {
  /** Position in the rendered window: rows are keyed by it, so scrolling patches rows in place. */
  slot: number
  index: number
  key: string
  service: string
  name: string
  depth: number
  hasChildren: boolean
  collapsed: boolean
  /** Everything below is precomputed text, so a frame only compares strings. */
  cls: string
  labelStyle: string
  toggle: string
  dotStyle: string
  error: string
  warning: string
  /** `+N` rows folded under a collapsed row, else empty. */
  folded: string
  barCls: string
  barStyle: string
  duration: string
  durationStyle: string
  selected: boolean
  path: string[]
}

export interface RowContext {
  data: WaterfallData
  collapsed: Uint8Array
  fromUs: number
  toUs: number
  selected: number
  focused: number
  matchMask: Uint8Array | undefined
  currentMatch: number
  critical: CriticalPathMarks | undefined
}

const pct = (v: number): string => `${Math.round(v * 1000) / 1000}%`

/** Everything one row shows, in O(1) from the typed arrays (plus its few critical-path pieces). */
export function rowView(c: RowContext, index: number, slot: number): RowView {
  const d = c.data
  const start = d.startUs[index] as number
  const dur = d.durationUs[index] as number
  const bar = barGeometry(start, dur, c.fromUs, c.toUs)
  const depth = d.depth[index] as number
  const childCount = d.childCount[index] as number
  const isCollapsed = childCount > 0 && c.collapsed[index] === 1
  const flags = d.flags[index] as number
  const error = (flags & SPAN_ERROR) !== 0
  const color = serviceColor(d.service[index] as number)
  const path: string[] = []
  const onPath = c.critical?.onPath[index] === 1
  if (onPath && c.critical) {
    const m = c.critical
    for (let k = m.offsets[index] as number; k < (m.offsets[index + 1] as number); k++) {
      const g = barGeometry(m.times[k * 2] as number, (m.times[k * 2 + 1] as number) - (m.times[k * 2] as number), c.fromUs, c.toUs)
      if (!g.outside) path.push(`left:${pct(g.left)};width:${pct(g.width)}`)
    }
  }
  let cls = 'tb-wf-row'
  if (index === c.selected) cls += ' is-selected'
  if (index === c.focused) cls += ' is-focused'
  if (c.matchMask?.[index] === 1) cls += ' is-match'
  if (index === c.currentMatch) cls += ' is-current'
  if (error) cls += ' is-error'
  return {
    slot,
    index,
    key: spanKeyAt(d, index),
    service: d.services[d.service[index] as number] ?? '',
    name: d.names[d.name[index] as number] ?? '',
    depth,
    hasChildren: childCount > 0,
    collapsed: isCollapsed,
    cls,
    labelStyle: `padding-left:${Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX + 4}px`,
    toggle: childCount > 0 ? (isCollapsed ? '▸' : '▾') : '',
    dotStyle: `background:${color}`,
    error: error ? '!' : '',
    warning: (flags & SPAN_WARNING) !== 0 ? '⚠' : '',
    folded: isCollapsed ? `+${(d.subtreeEnd[index] as number) - index - 1}` : '',
    barCls: onPath ? 'tb-wf-row__bar is-path' : 'tb-wf-row__bar',
    barStyle: bar.outside ? 'display:none' : `left:${pct(bar.left)};width:${pct(bar.width)};background:${color}`,
    duration: formatDurationUs(dur),
    durationStyle: bar.left + bar.width > 75 ? `right:${pct(100 - bar.left)}` : `left:${pct(bar.left + bar.width)}`,
    selected: index === c.selected,
    path,
  }
}
