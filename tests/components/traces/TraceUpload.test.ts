import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { parseTraceFile } from '@/domain/trace'
import { contractText, mountTracesRoute, settle, traceContractFiles, waitFor } from '../../support/tracesHarness'

beforeAll(async () => {
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']
  await Promise.all([import('@/views/TraceboardRoot.vue'), import('@/views/traces/TraceSearchView.vue'), import('@/views/traces/LocalTraceView.vue')])
}, 60_000)
let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

async function upload(name: string, text: string) {
  const m = await mountTracesRoute('/monitoring/traces')
  wrapper = m.wrapper
  const input = m.wrapper.find('[data-testid="trace-upload"]')
  Object.defineProperty(input.element, 'files', { value: [new File([text], name, { type: 'application/json' })], configurable: true })
  await input.trigger('change')
  return m
}

describe('open trace file (no backend at all)', () => {
  it.each(traceContractFiles())('shows %s as a trace page', async (file) => {
    const text = contractText(file)
    const expected = parseTraceFile(text).traces
    const { router, wrapper: w } = await upload(file.split('/').pop()!, text)
    await waitFor(() => router.currentRoute.value.name === 'tb.traceLocal' || w.find('[data-testid="upload-list"]').exists())
    if (expected.length > 1) {
      expect(w.findAll('[data-testid="upload-list"] li')).toHaveLength(expected.length)
      await w.find('[data-testid="upload-list"] a').trigger('click')
    }
    await waitFor(() => w.find('[data-testid="trace-header"]').exists())
    const header = w.find('[data-testid="trace-header"]')
    expect(header.attributes('data-span-count')).toBe(String(expected[0]!.spanCount))
    expect(header.attributes('data-error-count')).toBe(String(expected[0]!.errorCount))
    expect(header.attributes('data-service-count')).toBe(String(expected[0]!.services.length))
    const rows = w.findAll('[data-testid="span-row"]')
    // Small traces show every span; big ones only the rows on screen.
    if (expected[0]!.spanCount <= 20) expect(rows).toHaveLength(expected[0]!.spanCount)
    else expect(rows.length).toBeGreaterThan(10)
    expect(rows[0]!.attributes('data-span-id')).toBe(expected[0]!.spans[0]!.key)
    expect(header.text()).toContain(file.split('/').pop())
  })

  it('lists the traces of a file that holds several', async () => {
    const two = [...(JSON.parse(contractText('traces/zipkin/skew.json')) as unknown[]), ...(JSON.parse(contractText('traces/zipkin/envoy.json')) as unknown[])]
    const { wrapper: w } = await upload('two.json', JSON.stringify(two))
    await waitFor(() => w.find('[data-testid="upload-list"]').exists())
    expect(w.findAll('[data-testid="upload-list"] li')).toHaveLength(2)
  })

  it('says what a file that is not a trace holds', async () => {
    const { wrapper: w, router } = await upload('prometheus.json', contractText('metrics/empty.json'))
    await waitFor(() => w.find('[data-testid="upload-problem"]').exists())
    expect(w.find('[data-testid="upload-problem"]').text()).toContain('"status"')
    expect(router.currentRoute.value.name).toBe('tb.traces')
  })

  it('asks for the file again when its trace is no longer in memory', async () => {
    const m = await mountTracesRoute('/monitoring/traces/local/f99-0')
    wrapper = m.wrapper
    await settle(10)
    expect(m.wrapper.find('[data-testid="trace-file-gone"]').exists()).toBe(true)
    expect(m.wrapper.find('[data-testid="trace-upload"]').exists()).toBe(true)
  })
})
