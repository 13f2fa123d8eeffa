import { describe, expect, it } from 'vitest'
import { barGeometry, formatZoom, FULL_WINDOW, parseZoom, tickStepUs, timeTicks, windowFromDrag, zoomByKey } from '@/domain/waterfall'

describe('time axis ticks', () => {
  it('picks 1-2-5 steps that keep at most the asked number of intervals', () => {
    expect(tickStepUs(1_000_000, 5)).toBe(200_000)
    expect(tickStepUs(1_000_000, 4)).toBe(500_000)
    expect(tickStepUs(7, 10)).toBe(1)
    expect(tickStepUs(0, 5)).toBe(1)
  })

  it('places ticks on round offsets inside the window, labelled as durations', () => {
    const ticks = timeTicks(0, 1_000_000, 5)
    expect(ticks.map((t) => t.label)).toEqual(['0µs', '200ms', '400ms', '600ms', '800ms', '1.00s'])
    expect(ticks[1]!.fraction).toBeCloseTo(0.2)
    const zoomed = timeTicks(250_000, 350_000, 4)
    expect(zoomed[0]!.offsetUs).toBe(250_000)
    expect(zoomed.every((t) => t.fraction >= 0 && t.fraction <= 1)).toBe(true)
  })
})

describe('bar geometry', () => {
  it('positions a bar in percent of the window and clips it to the window', () => {
    expect(barGeometry(250, 500, 0, 1000)).toEqual({ left: 25, width: 50, outside: false })
    expect(barGeometry(0, 1000, 250, 750)).toEqual({ left: 0, width: 100, outside: false })
    expect(barGeometry(900, 50, 0, 500).outside).toBe(true)
  })

  it('never gives negative widths', () => {
    expect(barGeometry(100, -50, 0, 1000).width).toBe(0)
    expect(barGeometry(100, Number.NaN, 0, 1000).width).toBeGreaterThanOrEqual(0)
  })
})

describe('zoom window', () => {
  it('orders and clamps drag positions and keeps a minimum width', () => {
    expect(windowFromDrag(0.8, 0.2)).toEqual({ from: 0.2, to: 0.8 })
    expect(windowFromDrag(-1, 2)).toEqual({ from: 0, to: 1 })
    const thin = windowFromDrag(0.5, 0.5)
    expect(thin.to - thin.from).toBeCloseTo(0.001)
  })

  it('round-trips through the URL and ignores garbage', () => {
    expect(parseZoom(formatZoom({ from: 0.25, to: 0.5 }))).toEqual({ from: 0.25, to: 0.5 })
    expect(formatZoom(FULL_WINDOW)).toBeUndefined()
    expect(parseZoom('0.9-0.1')).toEqual(FULL_WINDOW)
    expect(parseZoom('<script>')).toEqual(FULL_WINDOW)
  })
})

describe('minimap keyboard zoom', () => {
  it('zooms around the centre, pans, stays inside the trace and never thinner than 0.1%', () => {
    const near = (w: { from: number; to: number } | undefined) => w && [Math.round(w.from * 1e9) / 1e9, Math.round(w.to * 1e9) / 1e9]
    expect(near(zoomByKey({ from: 0.2, to: 0.6 }, '+'))).toEqual([0.3, 0.5])
    expect(near(zoomByKey({ from: 0.2, to: 0.6 }, '-'))).toEqual([0, 0.8])
    expect(zoomByKey({ from: 0.8, to: 1 }, 'ArrowRight')).toEqual({ from: 0.8, to: 1 })
    expect(zoomByKey({ from: 0, to: 0.5 }, 'ArrowLeft', true)).toEqual({ from: 0, to: 0.5 })
    expect(near(zoomByKey({ from: 0.1, to: 0.2 }, 'End'))).toEqual([0.9, 1])
    expect(zoomByKey({ from: 0.1, to: 0.2 }, 'Escape')).toEqual({ from: 0, to: 1 })
    expect(zoomByKey({ from: 0.1, to: 0.2 }, 'x')).toBeUndefined()
    let w = { from: 0, to: 1 }
    for (let i = 0; i < 30; i++) w = zoomByKey(w, '+') ?? w
    expect(w.to - w.from).toBeCloseTo(0.001, 6)
    for (let i = 0; i < 30; i++) w = zoomByKey(w, '-') ?? w
    expect(near(w)).toEqual([0, 1])
  })
})
