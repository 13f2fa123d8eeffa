import { File as NodeFile } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { BackendRequestError } from '@/services/errors'
import { buildTrace, TraceFileError, type Trace } from '@/domain/trace'
import { minimapDensity } from '@/domain/waterfall'
import { createTraceEngine } from '@/workers/traceEngine'
import { EARLY_LOAD_ID, prestartTraceWorker, spawnTraceWorker, startEarlyTraceLoad, takeEarlyTraceLoad } from '@/workers/earlyTraceLoad'
import type { WorkerRequest } from '@/workers/traceEngineProtocol'
import type { TraceHeadersCallback, TraceHeadersRequest } from '@/module/options'
import { TraceFileTooLargeError } from '@/domain/trace/formats/traceFileSize'
import { contractText, sampleTrace, settle } from '../../support/tracesHarness'
import { backendOf, FakeWorker } from '../../support/fakeTraceWorker'

const engineWith = (worker: FakeWorker) =>
  createTraceEngine({ backend: undefined, workerConfig: { kind: 'zipkin', url: '/api/traces' }, spawnWorker: () => worker as unknown as Worker })

describe('trace engine over the worker protocol', () => {
  it('sends the rows without building span objects; prepare (after the first paint) builds them', async () => {
    const built = buildTrace(
      Array.from({ length: 50 }, (_, i) => ({ traceId: 'ab', spanId: (i + 1).toString(16), parentSpanId: i === 0 ? undefined : '1', name: `op${i}`, service: 'svc', startUs: 1000 + i, durationUs: 10 })),
    )
    let spanReads = 0
    const read = Object.getOwnPropertyDescriptor(built, 'spans')?.get
    expect(read).toBeTypeOf('function')
    Object.defineProperty(built, 'spans', { get: () => (spanReads++, read!.call(built)), enumerable: true })
    const worker = new FakeWorker(backendOf(async () => built))
    const loaded = await engineWith(worker).loadTrace('00000000000000ab')
    expect(loaded?.data.count).toBe(50)
    expect(loaded?.header).toMatchObject({ rootService: 'svc', rootOperation: 'op0', spanCount: 50 })
    // The minimap's density comes from the worker's rows, equal to the page-side computation.
    const density = await loaded!.minimap(40, 12)
    const local = minimapDensity(loaded!.data, 40, 12)
    // (Arrays compared as plain lists: the cloned ones come from another realm.)
    expect([...density.spans]).toEqual([...local.spans])
    expect([density.cols, density.rows, density.max]).toEqual([40, 12, local.max])
    expect(density.max).toBeGreaterThan(0)
    expect(spanReads).toBe(0)
    loaded!.prepare()
    await settle(5)
    expect(spanReads).toBeGreaterThan(0)
    expect((await loaded!.span(49)).name).toBe('op49')
  })

  it('loads a trace in the worker: compact rows arrive as transferred buffers, spans on demand', async () => {
    const trace = sampleTrace()
    const worker = new FakeWorker(backendOf(async () => trace))
    const loaded = await engineWith(worker).loadTrace('aaaaaaaaaaaaaaaa')
    expect(loaded?.inWorker).toBe(true)
    expect(loaded?.data.count).toBe(6)
    expect(loaded?.data.depth.constructor.name).toBe('Int32Array')
    expect(worker.transferred).toBeGreaterThanOrEqual(10)
    expect(loaded?.header).toMatchObject({ rootService: 'root-svc', spanCount: 6, errorCount: 1 })
    expect((await loaded!.span(5)).attributes).toEqual({ 'http.status_code': 500 })
    expect([...(await loaded!.search('a-svc', undefined))]).toEqual([1, 2, 3])
    expect((await loaded!.statistics()).byService.map((r) => r.service)).toContain('c-svc')
    expect((await loaded!.criticalPath()).onPath[0]).toBe(1)
    const errorCells = (await loaded!.minimap(60, 6)).errors
    expect(errorCells.constructor.name).toBe('Uint32Array')
    expect(errorCells.some((v) => v > 0)).toBe(true)
    expect(JSON.parse(await loaded!.exportJson(undefined)).data[0].spans).toHaveLength(6)
    loaded!.release()
    await settle(5)
    await expect(loaded!.span(0)).rejects.toThrow(/no longer loaded/)
  })

  it("asks the worker for the response time after the paint when it was not known at load (a streamed fetch's entry comes late)", async () => {
    let entryReady = false
    const asked: string[] = []
    const worker = new FakeWorker(backendOf(async () => sampleTrace()), (traceId) => {
      asked.push(traceId)
      return entryReady ? 1_700_000_000_123 : undefined
    })
    const loaded = await engineWith(worker).loadTrace('aaaaaaaaaaaaaaaa')
    expect(loaded?.responseAt).toBeUndefined()
    entryReady = true
    await expect(loaded!.whenResponded()).resolves.toBe(1_700_000_000_123)
    expect(asked).toEqual(['aaaaaaaaaaaaaaaa', 'aaaaaaaaaaaaaaaa'])
  })

  it('turns a backend failure in the worker back into the same typed error', async () => {
    const failure = { kind: 'unauthorized', backend: 'Zipkin', status: 401 } as const
    const worker = new FakeWorker(backendOf(async () => Promise.reject(new BackendRequestError(failure))))
    const e = await engineWith(worker).loadTrace('aaaaaaaaaaaaaaaa').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(BackendRequestError)
    expect((e as BackendRequestError).failure).toEqual(failure)
  })

  it('answers "not found" as undefined', async () => {
    const worker = new FakeWorker(backendOf(async () => undefined))
    expect(await engineWith(worker).loadTrace('aaaaaaaaaaaaaaaa')).toBeUndefined()
  })

  it('parses files in the worker and reports a non-trace file as a TraceFileError', async () => {
    const worker = new FakeWorker(undefined)
    const engine = engineWith(worker)
    const bytes = new TextEncoder().encode(contractText('traces/zipkin/messaging-kafka.json')).buffer
    const parsed = await engine.parseFile(bytes)
    expect(parsed.format).toBe('zipkin-span-list')
    const opened = await parsed.traces[0]!.open()
    expect(opened.header.traceId).toBe('0562809467078eab')
    // Releasing a view of an uploaded file keeps the file: it can be opened again.
    opened.release()
    await settle(5)
    expect((await parsed.traces[0]!.open()).data.count).toBe(opened.data.count)
    const e = await engine.parseFile('{"status":"success"}').catch((x: unknown) => x)
    expect(e).toBeInstanceOf(TraceFileError)
    expect((e as TraceFileError).seen).toContain('"status"')
  })

  it('sends a cancel to the worker when the caller aborts', async () => {
    let aborted = false
    const worker = new FakeWorker(
      backendOf(
        (_id, signal) =>
          new Promise<Trace>((_, reject) =>
            signal?.addEventListener('abort', () => {
              aborted = true
              reject(new BackendRequestError({ kind: 'cancelled', backend: 'Zipkin' }))
            }),
          ),
      ),
    )
    const controller = new AbortController()
    const pending = engineWith(worker).loadTrace('aaaaaaaaaaaaaaaa', controller.signal).catch((x: unknown) => x)
    await settle(5)
    controller.abort()
    expect(await pending).toBeInstanceOf(BackendRequestError)
    expect(worker.received.some((m) => m.op === 'cancel')).toBe(true)
    expect(aborted).toBe(true)
  })

  it('falls back to the main thread when the worker cannot start', async () => {
    const trace = sampleTrace()
    const engine = createTraceEngine({
      backend: backendOf(async () => trace),
      workerConfig: { kind: 'zipkin', url: '/api/traces' },
      spawnWorker: () => {
        const w = new EventTarget() as unknown as Worker
        ;(w as unknown as { postMessage: () => void }).postMessage = () => {
          setTimeout(() => w.dispatchEvent(new ErrorEvent('error', { message: 'blocked by CSP' })))
        }
        return w
      },
    })
    const loaded = await engine.loadTrace('aaaaaaaaaaaaaaaa')
    expect(loaded?.inWorker).toBe(false)
    expect(loaded?.data.count).toBe(6)
    expect((await engine.parseFile(contractText('traces/zipkin/skew.json'))).traces).toHaveLength(1)
  })

  it('keeps requests on the main thread when the host supplies its own axios (no worker config)', async () => {
    const trace = sampleTrace()
    const worker = new FakeWorker(undefined)
    const engine = createTraceEngine({ backend: backendOf(async () => trace), workerConfig: undefined, spawnWorker: () => worker as unknown as Worker })
    const loaded = await engine.loadTrace('aaaaaaaaaaaaaaaa')
    expect(loaded?.inWorker).toBe(false)
    expect(worker.received).toHaveLength(0)
  })

  describe("a host axios with traceHeaders: the worker still fetches, with the host's headers", () => {
    const engineWithHeaders = (worker: FakeWorker, traceHeaders: TraceHeadersCallback) =>
      createTraceEngine({ backend: undefined, workerConfig: { kind: 'zipkin', url: '/api/traces' }, traceHeaders, spawnWorker: () => worker as unknown as Worker })

    it('asks the callback per request and hands its headers to the worker request', async () => {
      const trace = sampleTrace()
      const asked: TraceHeadersRequest[] = []
      const worker = new FakeWorker(() => backendOf(async () => trace))
      const engine = engineWithHeaders(worker, async (req) => (asked.push(req), { Authorization: `Bearer for-${req.traceId}` }))
      const loaded = await engine.loadTrace('aaaaaaaaaaaaaaaa')
      expect(loaded?.inWorker).toBe(true)
      expect(engine.loadsInWorker).toBe(true)
      expect(asked).toEqual([{ traceId: 'aaaaaaaaaaaaaaaa', reason: 'first' }])
      expect(worker.headersSeen).toEqual([{ Authorization: 'Bearer for-aaaaaaaaaaaaaaaa' }])
    })

    it('asks again with reason "retry" after a 401 (the host refreshes its token), once', async () => {
      const trace = sampleTrace()
      const worker = new FakeWorker((headers) =>
        backendOf(async () => {
          if (headers?.Authorization !== 'Bearer fresh') throw new BackendRequestError({ kind: 'unauthorized', backend: 'Zipkin', status: 401 })
          return trace
        }),
      )
      const reasons: string[] = []
      const engine = engineWithHeaders(worker, (req) => (reasons.push(req.reason), { Authorization: req.reason === 'retry' ? 'Bearer fresh' : 'Bearer stale' }))
      expect((await engine.loadTrace('aaaaaaaaaaaaaaaa'))?.data.count).toBe(6)
      expect(reasons).toEqual(['first', 'retry'])
      // Still refused after the refresh: the 401 is the answer, not a loop.
      const refused = engineWithHeaders(new FakeWorker(() => backendOf(async () => Promise.reject(new BackendRequestError({ kind: 'unauthorized', backend: 'Zipkin', status: 401 })))), () => ({}))
      const e = await refused.loadTrace('aaaaaaaaaaaaaaaa').catch((x: unknown) => x)
      expect((e as BackendRequestError).failure.kind).toBe('unauthorized')
    })

    it('a callback that throws or answers non-strings is a readable failure, and no request goes out', async () => {
      const worker = new FakeWorker(() => backendOf(async () => sampleTrace()))
      const failed = await engineWithHeaders(worker, () => Promise.reject(new Error('token refresh failed'))).loadTrace('aaaaaaaaaaaaaaaa').catch((x: unknown) => x)
      expect((failed as BackendRequestError).failure).toMatchObject({ kind: 'invalidInput', message: "the host's traceHeaders callback failed: token refresh failed" })
      const wrong = await engineWithHeaders(worker, () => ({ Authorization: 42 }) as unknown as Record<string, string>).loadTrace('aaaaaaaaaaaaaaaa').catch((x: unknown) => x)
      expect((wrong as BackendRequestError).failure).toMatchObject({ kind: 'invalidInput', message: "traceHeaders gave header 'Authorization' as number, expected a string" })
      expect(worker.received).toHaveLength(0)
    })
  })

  it('reads a File in the worker as the upload does, with how it was read', async () => {
    const worker = new FakeWorker(undefined)
    const text = contractText('traces/zipkin/messaging-kafka.json')
    // Node's File (jsdom's cannot be cloned to a worker), with stream() as in a browser.
    const file = new NodeFile([text], 'kafka.json', { type: 'application/json' }) as unknown as File
    const parsed = await engineWith(worker).parseFile(file)
    expect(parsed.format).toBe('zipkin-span-list')
    expect(parsed.reading).toMatchObject({ readAgain: false })
    expect(parsed.reading?.pieces).toBeGreaterThanOrEqual(1)
    // The only trace's rows came with the answer: opening it asks the worker nothing more.
    const before = worker.received.length
    expect((await parsed.traces[0]!.open()).header.traceId).toBe('0562809467078eab')
    expect(worker.received).toHaveLength(before)
  })

  it('refuses a file over the size limit before handing it to the worker', async () => {
    const worker = new FakeWorker(undefined)
    const huge = { size: 300 * 1024 * 1024 } as Blob
    const e = await engineWith(worker).parseFile(huge).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(TraceFileTooLargeError)
    expect(worker.received).toHaveLength(0)
  })
})

describe("the trace route guard's early load", () => {
  const config = { kind: 'zipkin', url: '/api/traces' } as const
  const id = 'aaaaaaaaaaaaaaaa'
  const engineFor = (owner: object) =>
    createTraceEngine({
      backend: undefined,
      workerConfig: config,
      spawnWorker: () => {
        throw new Error('the early worker must be taken over, not a second one started')
      },
      takeEarly: () => takeEarlyTraceLoad(owner),
    })

  it('is taken over by the first load of that trace: one request, whether its answer came before or after', async () => {
    for (const answeredBefore of [false, true]) {
      const owner = {}
      let requests = 0
      const worker = new FakeWorker(
        backendOf(async () => {
          requests++
          return sampleTrace()
        }),
      )
      startEarlyTraceLoad(owner, config, id.toUpperCase(), () => worker as unknown as Worker)
      if (answeredBefore) await settle(5)
      const loaded = await engineFor(owner).loadTrace(id)
      expect(loaded?.data.count).toBe(6)
      expect(loaded?.inWorker).toBe(true)
      expect(requests).toBe(1)
      expect(worker.received.filter((m) => m.op === 'load').map((m) => m.id)).toEqual([EARLY_LOAD_ID])
      // Its spans are asked of the same worker, by handle.
      expect((await loaded!.span(5)).attributes).toEqual({ 'http.status_code': 500 })
    }
  })

  it('uses the worker started before the route (a page opened on a trace URL); an engine takes it when no early load did', () => {
    const first = new FakeWorker(backendOf(async () => sampleTrace()))
    prestartTraceWorker(() => first as unknown as Worker)
    prestartTraceWorker(() => {
      throw new Error('a second worker')
    })
    // The default spawn (the engine's too) takes the pre-started worker.
    startEarlyTraceLoad({}, config, id)
    expect(first.received.map((m) => m.op)).toEqual(['load'])
    // Taken once: the next spawn makes a new worker, which jsdom cannot.
    expect(() => spawnTraceWorker()).toThrow(/Worker/)

    const idle = new FakeWorker(backendOf(async () => sampleTrace()))
    prestartTraceWorker(() => idle as unknown as Worker)
    expect(spawnTraceWorker()).toBe(idle)
    expect(() => spawnTraceWorker()).toThrow(/Worker/)
  })

  it('for another trace is freed, and the asked trace loaded in its place', async () => {
    const owner = {}
    const worker = new FakeWorker(backendOf(async () => sampleTrace()))
    startEarlyTraceLoad(owner, config, 'bbbbbbbbbbbbbbbb', () => worker as unknown as Worker)
    const loaded = await engineFor(owner).loadTrace(id)
    expect(loaded?.data.count).toBe(6)
    await settle(5)
    const loads = worker.received.filter((m): m is WorkerRequest => m.op === 'load')
    expect(loads.map((m) => m.args[1])).toEqual(['bbbbbbbbbbbbbbbb', id])
    expect(worker.received.some((m) => m.op === 'release')).toBe(true)
  })

  it('is started once per install, and never after the engine has its worker', () => {
    const owner = {}
    let spawned = 0
    const spawn = () => {
      spawned++
      return new FakeWorker(backendOf(async () => sampleTrace())) as unknown as Worker
    }
    startEarlyTraceLoad(owner, config, id, spawn)
    startEarlyTraceLoad(owner, config, id, spawn)
    expect(spawned).toBe(1)
    const other = {}
    expect(takeEarlyTraceLoad(other)).toBeUndefined()
    startEarlyTraceLoad(other, config, id, spawn)
    expect(spawned).toBe(1)
  })

  it('whose worker failed before the takeover falls back to the main thread', async () => {
    const owner = {}
    const broken = new EventTarget() as unknown as Worker
    ;(broken as unknown as { postMessage: () => void }).postMessage = () => undefined
    startEarlyTraceLoad(owner, config, id, () => broken)
    broken.dispatchEvent(new ErrorEvent('error', { message: 'blocked by CSP' }))
    const engine = createTraceEngine({
      backend: backendOf(async () => sampleTrace()),
      workerConfig: config,
      spawnWorker: () => broken,
      takeEarly: () => takeEarlyTraceLoad(owner),
    })
    const loaded = await engine.loadTrace(id)
    expect(loaded?.inWorker).toBe(false)
    expect(loaded?.data.count).toBe(6)
  })
})
