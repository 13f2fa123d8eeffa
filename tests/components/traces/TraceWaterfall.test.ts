import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { parseTraceFile } from '@/domain/trace'
import TraceWaterfall from '@/components/traces/TraceWaterfall.vue'
import { generateTrace, toZipkinJson } from '../../../bench/generateTrace'
import { mountTraces, sampleTrace, settle, span, traceOf } from '../../support/tracesHarness'

// jsdom has no canvas: the minimap draws nothing, quietly.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']
})

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function mountWaterfall(props: Record<string, unknown>) {
  const m = mountTraces(TraceWaterfall, props)
  wrapper = m.wrapper
  return m.wrapper
}
const rowIds = (w: VueWrapper): string[] => w.findAll('[data-testid="span-row"]').map((r) => (r.attributes('data-span-id') ?? '').slice(-2))
const row = (w: VueWrapper, id: string) => w.find(`[data-testid="span-row"][data-span-id$="${id}"]`)

describe('TraceWaterfall', () => {
  it('renders one row per span in tree order, with service, name and duration as text', async () => {
    const w = mountWaterfall({ trace: sampleTrace() })
    await settle()
    expect(rowIds(w)).toEqual(['0f', 'a0', 'a1', 'a2', 'b0', 'b1'])
    const root = row(w, '0f')
    expect(root.text()).toContain('root-svc')
    expect(root.text()).toContain('GET /checkout')
    expect(root.text()).toContain('1.00ms')
    expect(root.attributes('aria-level')).toBe('1')
    expect(row(w, 'b1').classes()).toContain('is-error')
  })

  it('collapses and expands one subtree, all, and to a depth', async () => {
    const w = mountWaterfall({ trace: sampleTrace() })
    await settle()
    await row(w, 'a0').find('[data-toggle]').trigger('click')
    expect(rowIds(w)).toEqual(['0f', 'a0', 'b0', 'b1'])
    expect(row(w, 'a0').text()).toContain('+2')
    expect(row(w, 'a0').attributes('aria-expanded')).toBe('false')
    await w.find('[data-testid="collapse-all"]').trigger('click')
    expect(rowIds(w)).toEqual(['0f'])
    await w.find('[data-testid="expand-all"]').trigger('click')
    expect(rowIds(w)).toHaveLength(6)
    await w.find('[data-testid="collapse-depth"]').setValue('2')
    expect(rowIds(w)).toEqual(['0f', 'a0', 'b0'])
  })

  it('searches within the trace: highlights matches, counts them, steps through them and opens their way', async () => {
    const w = mountWaterfall({ trace: sampleTrace() })
    await settle()
    await w.find('[data-testid="collapse-all"]').trigger('click')
    await w.find('[data-testid="trace-find"]').setValue('a-svc')
    await settle(200)
    expect(w.find('[data-testid="find-count"]').text()).toBe('1 / 3')
    // The first match was inside a collapsed subtree: its way is opened (only its way).
    expect(rowIds(w)).toEqual(['0f', 'a0', 'b0'])
    expect(row(w, 'a0').classes()).toContain('is-current')
    await w.find('[aria-label="Next match"]').trigger('click')
    expect(w.find('[data-testid="find-count"]').text()).toBe('2 / 3')
    expect(rowIds(w)).toEqual(['0f', 'a0', 'a1', 'a2', 'b0'])
    expect(row(w, 'a1').classes()).toContain('is-current')
    expect(w.findAll('.tb-wf-row.is-match').map((r) => r.attributes('data-span-id')?.slice(-2))).toEqual(['a0', 'a1', 'a2'])
    await w.find('[aria-label="Previous match"]').trigger('click')
    await w.find('[aria-label="Previous match"]').trigger('click')
    expect(w.find('[data-testid="find-count"]').text()).toBe('3 / 3')
    await w.find('[data-testid="trace-find"]').setValue('no such thing')
    await settle(200)
    expect(w.find('[data-testid="find-count"]').text()).toBe('0 / 0')
    expect(w.findAll('.tb-wf-row.is-match')).toHaveLength(0)
  })

  it('highlights the critical path when asked', async () => {
    const trace = traceOf([
      span('0000000000000001', undefined, { startUs: 0, durationUs: 1000 }),
      span('0000000000000002', '0000000000000001', { startUs: 0, durationUs: 100 }),
      span('0000000000000003', '0000000000000001', { startUs: 0, durationUs: 900 }),
    ])
    const w = mountWaterfall({ trace })
    await settle()
    expect(w.findAll('.tb-wf-row__path')).toHaveLength(0)
    await w.find('[data-testid="critical-path-toggle"]').setValue(true)
    await settle()
    const onPath = w.findAll('.tb-wf-row').filter((r) => r.find('.tb-wf-row__path').exists()).map((r) => r.attributes('data-span-id')?.slice(-1))
    // The short child finishes before the long one: it never blocks the root.
    expect(onPath).toEqual(['1', '3'])
  })

  it('filters by service, pruning subtrees, and says how many spans were hidden', async () => {
    const w = mountWaterfall({ trace: sampleTrace(), services: ['c-svc'] })
    await settle()
    expect(rowIds(w)).toEqual(['0f', 'b0', 'b1'])
    expect(w.find('[data-testid="hidden-spans"]').text()).toContain('3 spans hidden')
  })

  it('navigates with the keyboard and selects with Enter', async () => {
    const w = mountWaterfall({ trace: sampleTrace() })
    await settle()
    const tree = w.find('[role="tree"]')
    await tree.trigger('keydown', { key: 'ArrowDown' })
    expect(tree.attributes('aria-activedescendant')).toBe(row(w, '0f').attributes('id'))
    await tree.trigger('keydown', { key: 'ArrowDown' })
    await tree.trigger('keydown', { key: 'ArrowLeft' })
    expect(rowIds(w)).toEqual(['0f', 'a0', 'b0', 'b1'])
    await tree.trigger('keydown', { key: 'Enter' })
    expect(w.emitted('update:selected')?.at(-1)).toEqual(['00000000000000a0'])
    expect(row(w, 'a0').attributes('aria-selected')).toBe('true')
  })

  it('selects a span on click and brings a deep-linked span into view', async () => {
    const trace = parseTraceFile(toZipkinJson(generateTrace(2_000))).traces[0]!
    const target = trace.spans[1_500]!
    const w = mountWaterfall({ trace, selected: target.key, heightPx: 480 })
    await settle()
    const selected = w.find('.tb-wf-row.is-selected')
    expect(selected.exists()).toBe(true)
    expect(selected.attributes('data-span-id')).toBe(target.key)
    await row(w, trace.spans[1_499]!.key.slice(-6)).trigger('click')
    expect(w.emitted('update:selected')?.at(-1)).toEqual([trace.spans[1_499]!.key])
  })

  it('keeps only a window of rows in the DOM for 10,000 spans and moves it when scrolling', async () => {
    const trace = parseTraceFile(toZipkinJson(generateTrace(10_000))).traces[0]!
    const w = mountWaterfall({ trace, heightPx: 600 })
    await settle()
    const first = w.findAll('[data-testid="span-row"]')
    expect(first.length).toBeLessThan(60)
    expect(first[0]!.attributes('data-span-id')).toBe(trace.spans[0]!.key)
    const viewport = w.find('[role="tree"]')
    ;(viewport.element as HTMLElement).scrollTop = 24 * 5_000
    await viewport.trigger('scroll')
    const ids = w.findAll('[data-testid="span-row"]').map((r) => r.attributes('data-span-id'))
    expect(ids).toContain(trace.spans[5_000]!.key)
    expect(ids).not.toContain(trace.spans[0]!.key)
    expect(w.find('.tb-wf-rows__spacer').attributes('style')).toContain(`height: ${24 * 10_000}px`)
  })

  it('shows hostile service names, span names and ids as text, never as markup', async () => {
    const xss = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    const trace = traceOf([span('0000000000000001', undefined, { service: xss, name: `</td>${xss}` })])
    const w = mountWaterfall({ trace })
    await settle()
    expect(w.find('.tb-wf-row__service').text()).toBe(xss)
    expect(w.find('.tb-wf-row__name').text()).toBe(`</td>${xss}`)
    expect(w.find('img').exists()).toBe(false)
    expect(w.find('script').exists()).toBe(false)
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined()
  })

  it('zooms into the window chosen on the minimap and shows the shared time axis', async () => {
    const w = mountWaterfall({ trace: sampleTrace(), zoom: { from: 0.5, to: 1 } })
    await settle()
    const labels = w.findAll('.tb-wf-axis__tick').map((t) => t.text())
    expect(labels[0]).toBe('500µs')
    // Span a1 (20–120 µs) lies before the window: no bar.
    expect(row(w, 'a1').find('.tb-wf-row__bar').attributes('style')).toContain('display: none')
    expect(row(w, 'b1').find('.tb-wf-row__bar').attributes('style')).toContain('left: 0%')
    await w.find('[data-testid="reset-zoom"]').trigger('click')
    expect(w.emitted('update:zoom')?.at(-1)).toEqual([{ from: 0, to: 1 }])
  })

  it('zooms and pans from the keyboard on the focused minimap, and says which window is shown', async () => {
    const w = mountWaterfall({ trace: sampleTrace(), zoom: { from: 0, to: 1 } })
    await settle()
    const minimap = w.find('[data-testid="trace-minimap"]')
    expect(minimap.attributes('tabindex')).toBe('0')
    await minimap.trigger('keydown', { key: '+' })
    expect(w.emitted('update:zoom')?.at(-1)).toEqual([{ from: 0.25, to: 0.75 }])
    await w.setProps({ zoom: { from: 0.25, to: 0.75 } })
    expect(minimap.attributes('aria-valuetext')).toContain('25%')
    expect(minimap.attributes('aria-valuetext')).toContain('75%')
    await minimap.trigger('keydown', { key: 'ArrowRight', shiftKey: true })
    expect(w.emitted('update:zoom')?.at(-1)).toEqual([{ from: 0.5, to: 1 }])
    await minimap.trigger('keydown', { key: '0' })
    expect(w.emitted('update:zoom')?.at(-1)).toEqual([{ from: 0, to: 1 }])
    const before = w.emitted('update:zoom')?.length
    await minimap.trigger('keydown', { key: 'a' })
    expect(w.emitted('update:zoom')?.length).toBe(before)
  })
})
