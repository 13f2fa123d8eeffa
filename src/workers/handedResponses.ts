/**
 * The early trace request, sent by the page and read by the worker. A cold page starts the
 * worker in the route's guard, but the worker still has to fetch and run its own script before
 * it can send anything, while the route's chunks take the connections. So the page sends the
 * request itself at once and hands the response over, its body a transferred stream: the worker
 * reads it exactly as it reads its own fetch (see `fetchHanded`).
 *
 * The order is fixed by the page: `handing` (this URL is coming), then the worker's `load`, then
 * `handed` (the response's head and body, or why the fetch failed).
 */

/** What the page knew of the response: its body travels beside it. */
export interface HandedHead {
  status: number
  statusText: string
  headers: [string, string][]
}

export type HandMessage =
  | { op: 'handing'; url: string }
  | { op: 'handed'; url: string; head: HandedHead; body: ReadableStream<Uint8Array> | null }
  | { op: 'handed'; url: string; error: string }

type Outcome = { head: HandedHead; body: ReadableStream<Uint8Array> | null } | { error: string }

interface Handing {
  outcome: Promise<Outcome>
  settle(outcome: Outcome): void
  taken: boolean
}

// A response nobody took (the worker asked for another URL) is dropped after this long.
const UNTAKEN_MS = 10_000

const handings = new Map<string, Handing>()
// Statuses a Response may not have a body with.
const NULL_BODY = new Set([101, 103, 204, 205, 304])

export function isHandMessage(data: unknown): data is HandMessage {
  const op = (data as { op?: unknown } | null)?.op
  return (op === 'handing' || op === 'handed') && typeof (data as { url?: unknown }).url === 'string'
}

export function receiveHand(message: HandMessage): void {
  if (message.op === 'handing') {
    let settle: (o: Outcome) => void = () => undefined
    const outcome = new Promise<Outcome>((resolve) => (settle = resolve))
    handings.set(message.url, { outcome, settle, taken: false })
    return
  }
  const handing = handings.get(message.url)
  const outcome: Outcome = 'error' in message ? { error: message.error } : { head: message.head, body: message.body }
  if (!handing) {
    if ('body' in outcome) void outcome.body?.cancel().catch(() => undefined)
    return
  }
  handing.settle(outcome)
  if (handing.taken) handings.delete(message.url)
  else {
    setTimeout(() => {
      if (handings.get(message.url) !== handing || handing.taken) return
      handings.delete(message.url)
      if ('body' in outcome) void outcome.body?.cancel().catch(() => undefined)
    }, UNTAKEN_MS)
  }
}

/**
 * `fetch`, except that the first request for a URL the page is handing over takes the page's
 * response. Its `signal` still works: aborted before the response, it rejects as fetch would;
 * aborted while the body is read, the body errors and the page's request is cancelled.
 */
export function fetchHanded(url: string, init: RequestInit): Promise<Response> {
  const handing = handings.get(url)
  if (!handing || handing.taken) return fetch(url, init)
  // Kept until its response comes (receiveHand finds it there); a second ask goes to the network.
  handing.taken = true
  if (taken.push(url) > 20) taken.shift()
  const signal = init.signal ?? undefined
  return new Promise<Response>((resolve, reject) => {
    const abortReason = (): unknown => signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError')
    const onAbort = (): void => reject(abortReason())
    if (signal?.aborted) onAbort()
    else signal?.addEventListener('abort', onAbort, { once: true })
    void handing.outcome.then((outcome) => {
      if (handings.get(url) === handing) handings.delete(url)
      signal?.removeEventListener('abort', onAbort)
      if ('error' in outcome) return reject(new TypeError(outcome.error))
      if (signal?.aborted) {
        void outcome.body?.cancel().catch(() => undefined)
        return reject(abortReason())
      }
      const { status, statusText, headers } = outcome.head
      if (NULL_BODY.has(status)) void outcome.body?.cancel().catch(() => undefined)
      const stream = NULL_BODY.has(status) ? null : outcome.body
      const body = stream && signal ? stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal }) : stream
      resolve(new Response(body, { status, statusText, headers }))
    })
  })
}

// The URLs whose handed response the worker read (the last 20), for the e2e tests.
const taken: string[] = []

export function handedUrls(): readonly string[] {
  return taken
}

/** For tests: forgets every handing. */
export function resetHandings(): void {
  handings.clear()
  taken.length = 0
}
