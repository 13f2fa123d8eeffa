import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fetchHanded, receiveHand, resetHandings, type HandedHead } from '@/workers/handedResponses'
import { earlyTraceUrl } from '@/workers/earlyTraceLoad'
import { workerBackendFactory } from '@/workers/workerBackend'
import type { TracesBackendConfig } from '@/module/options'

/** The early trace request: the page fetches, the worker reads the handed response as its own. */
const URL_A = 'http://app.local/api/traces/api/v2/trace/463ac35c9f6413ad'
const HEAD: HandedHead = { status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] }

/** A body that records whether it was cancelled (what reaches the page's fetch). */
function bodyOf(pieces: string[], hold = false): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const p of pieces) c.enqueue(encoder.encode(p))
      if (!hold) c.close()
    },
    cancel() {
      cancelled = true
    },
  })
  return { body, cancelled: () => cancelled }
}

const network = vi.fn<(url: string, init?: RequestInit) => Promise<Response>>()
beforeEach(() => {
  resetHandings()
  network.mockReset()
  network.mockResolvedValue(new Response('"from the network"'))
  vi.stubGlobal('fetch', network)
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('a response handed from the page to the worker', () => {
  it('is what the worker reads for that URL, once, whether it came before or after the ask', async () => {
    receiveHand({ op: 'handing', url: URL_A })
    const asked = fetchHanded(URL_A, {})
    const { body } = bodyOf(['[{"id":', '"a"}]'])
    receiveHand({ op: 'handed', url: URL_A, head: HEAD, body })
    const res = await asked
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.text()).toBe('[{"id":"a"}]')
    expect(network).not.toHaveBeenCalled()
    // Taken once: a retry goes to the network.
    expect(await (await fetchHanded(URL_A, {})).text()).toBe('"from the network"')

    receiveHand({ op: 'handing', url: URL_A })
    receiveHand({ op: 'handed', url: URL_A, head: { ...HEAD, status: 404, statusText: 'Not Found' }, body: bodyOf(['no such trace']).body })
    const late = await fetchHanded(URL_A, {})
    expect([late.status, await late.text()]).toEqual([404, 'no such trace'])
  })

  it('goes to the network for a URL nobody is handing', async () => {
    receiveHand({ op: 'handing', url: URL_A })
    const res = await fetchHanded(`${URL_A}ffff`, { headers: { Accept: 'application/json' } })
    expect(await res.text()).toBe('"from the network"')
    expect(network).toHaveBeenCalledWith(`${URL_A}ffff`, { headers: { Accept: 'application/json' } })
  })

  it("rejects as fetch does when the page's request failed", async () => {
    receiveHand({ op: 'handing', url: URL_A })
    const asked = fetchHanded(URL_A, {})
    receiveHand({ op: 'handed', url: URL_A, error: 'Failed to fetch' })
    await expect(asked).rejects.toThrow(new TypeError('Failed to fetch'))
  })

  it('aborted before the response: rejects with the reason, and the late body is cancelled', async () => {
    receiveHand({ op: 'handing', url: URL_A })
    const controller = new AbortController()
    const asked = fetchHanded(URL_A, { signal: controller.signal })
    controller.abort(new DOMException('gone', 'AbortError'))
    await expect(asked).rejects.toMatchObject({ name: 'AbortError' })
    const late = bodyOf(['[]'], true)
    receiveHand({ op: 'handed', url: URL_A, head: HEAD, body: late.body })
    await vi.waitFor(() => expect(late.cancelled()).toBe(true))
  })

  it("aborted while the body is read: the read fails and the page's request is cancelled", async () => {
    receiveHand({ op: 'handing', url: URL_A })
    const controller = new AbortController()
    const asked = fetchHanded(URL_A, { signal: controller.signal })
    const held = bodyOf(['[{"id":"a"},'], true)
    receiveHand({ op: 'handed', url: URL_A, head: HEAD, body: held.body })
    const reader = (await asked).body!.getReader()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('[{"id":"a"},')
    controller.abort(new DOMException('timed out', 'AbortError'))
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' })
    await vi.waitFor(() => expect(held.cancelled()).toBe(true))
  })

  it('cancels a handed body nobody took, after a while', async () => {
    vi.useFakeTimers()
    receiveHand({ op: 'handing', url: URL_A })
    const untaken = bodyOf(['[]'], true)
    receiveHand({ op: 'handed', url: URL_A, head: HEAD, body: untaken.body })
    await vi.advanceTimersByTimeAsync(9_000)
    expect(untaken.cancelled()).toBe(false)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(untaken.cancelled()).toBe(true)
    // A body handed without an announcement is cancelled at once.
    const stray = bodyOf(['[]'], true)
    receiveHand({ op: 'handed', url: `${URL_A}0`, head: HEAD, body: stray.body })
    await vi.advanceTimersByTimeAsync(0)
    expect(stray.cancelled()).toBe(true)
  })
})

describe('earlyTraceUrl', () => {
  it.each<TracesBackendConfig['kind']>(['zipkin', 'jaeger', 'jaeger-v3'])('is the URL the worker asks %s for', async (kind) => {
    vi.stubGlobal('self', { location: { origin: 'http://app.local' } })
    vi.stubGlobal('location', { origin: 'http://app.local' })
    for (const url of ['/api/traces', '/api/traces/', 'http://tracing.local:16686/base']) {
      const config = { kind, url } as TracesBackendConfig
      network.mockClear()
      network.mockResolvedValue(new Response('x', { status: 404 }))
      await workerBackendFactory()(config)!
        .getTrace(' 463AC35C9F6413AD48485A3953BB6124 ', undefined)
        .catch(() => undefined)
      expect(network.mock.calls[0]?.[0]).toBe(earlyTraceUrl(config, ' 463AC35C9F6413AD48485A3953BB6124 '))
    }
  })

  it('is undefined for an id the worker would refuse', () => {
    const config = { kind: 'zipkin', url: '/api/traces' } as TracesBackendConfig
    vi.stubGlobal('location', { origin: 'http://app.local' })
    expect(earlyTraceUrl(config, 'a OR 1:1')).toBeUndefined()
    expect(earlyTraceUrl(config, '463ac35c9f6413a')).toBeUndefined()
    expect(earlyTraceUrl(config, '../../admin')).toBeUndefined()
  })
})
