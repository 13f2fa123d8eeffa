import { traceBuilder } from '../buildTrace'
import type { RawSpan, Trace } from '../model'
import type { TextSink } from './jsonArrayStream'
import { otlpResourceOf, otlpScopeOf, otlpScopeSpansToRaw, otlpScopesOf, otlpToRaw, type OtlpScope } from './otlp'
import { isRecord } from './read'

export interface OtlpSpanStreamOptions {
  /** Text gathered in one `spans` array before a cut is tried (tests use small runs). */
  minRun?: number
}

/** Text gathered before a cut is tried: JSON.parse per call is cheap, but not free. */
const MIN_RUN = 64 * 1024
/** Candidates looked at, from the end, before waiting for more text. */
const MAX_CANDIDATES = 8
/** Cuts that did not parse (a link border, a border past the array's end) before cutting stops. */
const MAX_FAILED_CUTS = 32
/** A span in field order (protojson, pdata) starts with its trace id; links do too, events do not. */
const SPAN_START = '},{"traceId"'
/** `"spans"` then `:[`, whitespace allowed; inside a JSON string the quotes would be escaped. */
const HEAD = /"spans"\s*:\s*\[/g
/** Text kept from the previous piece when looking for a head split across pieces. */
const HEAD_OVERLAP = 64

type ListKey = 'result' | 'bare'
type ScopesKey = 'scopeSpans' | 'instrumentationLibrarySpans'

/** A `spans` array `otlpToRaw` may read: chunk → result? → resourceSpans[i] → key[j] → spans. */
interface Place {
  chunk: number
  list: ListKey
  rs: number
  key: ScopesKey
  ss: number
}

/** An array converted as it arrived, checked against the whole body at the end. */
interface Converted extends Place {
  /** `[resource, scope]` as JSON when the array's head arrived. */
  context: string
}

/** An array whose resource or scope was not known at its head: its spans wait for the chunk. */
interface Waiting extends Place {
  spans: unknown[]
}

interface Frame {
  obj: boolean
  /** Objects: the last key read (values follow it). */
  key: string | undefined
  expectKey: boolean
  /** Arrays: the index of the element being read. */
  index: number
}

/**
 * Jaeger v2's `/api/v3/traces/{id}` (OTLP JSON in `{"result": …}`, or one such object per line)
 * read while it downloads. The body's structure (resources, scopes: small) is scanned character
 * by character; the `spans` arrays (the bulk) are cut into runs at span borders and parsed with
 * `JSON.parse`, each run converted and handed to `onRun` as soon as its resource and scope are
 * known — they come before the spans in protojson's field order (and in sorted keys), so in
 * Jaeger's answers every run goes out at once; otherwise the runs wait for their chunk's end.
 *
 * The runs together are exactly `otlpToRaw` of the whole body's chunks, in order; `end` returns
 * the body as the whole-body read (`JSON.parse`, else one value per line) gives it, with the
 * `spans` arrays that were read emptied: what is left for the caller is the envelope (schema,
 * error chunks). A body repeating keys in a way that changes spans already read (no encoder
 * writes that) is refused by `end`.
 */
export function otlpSpanStream(onRun: (spans: RawSpan[]) => void, options: OtlpSpanStreamOptions = {}): TextSink<unknown> {
  const minRun = options.minRun ?? MIN_RUN

  // The body without the contents of the spans arrays read, as it came.
  let skeleton = ''
  // Text of the current top-level value, and of the current resourceSpans element.
  let chunkText = ''
  let rsText: string | undefined
  let chunk = -1
  // The body is one JSON array of chunks (a form the schema allows): read whole at the end.
  let arrayOfChunks = false
  let mode: 'skeleton' | 'array' | 'broken' = 'skeleton'
  const stack: Frame[] = []
  let inString = false
  let keyStart = -1
  let keyIsEscaped = false
  let keyPrefix = ''
  let skipFirst = false
  // A newline in text taken out of the skeleton: the one-value-per-line reading would fail.
  let removedNewline = false

  const converted: Converted[] = []
  let waiting: Waiting[] = []
  let lastPlace: Place | undefined
  const seenGroups = new Set<string>()
  let repeated = false

  // The spans array being read.
  let scope: OtlpScope | undefined
  let runPieces: string[] = []
  let runLength = 0
  let nextTry = minRun
  let failedCuts = 0
  let scanPos = 0
  let scanDepth = 0
  let scanInString = false
  let headFrom = 0
  let recentText = ''

  const append = (text: string): void => {
    if (text === '') return
    skeleton += text
    if (chunk >= 0 && stack.length > 0) chunkText += text
    if (rsText !== undefined) rsText += text
  }

  /** Where in the chunk the array opened at the top of `stack` sits, if `otlpToRaw` may read it. */
  const placeOfTop = (): Place | undefined => {
    const n = stack.length
    const ss = stack[n - 1]
    if (!ss?.obj || ss.key !== 'spans') return undefined
    const scopes = stack[n - 2]
    const rs = stack[n - 3]
    const list = stack[n - 4]
    if (!scopes || scopes.obj || !rs?.obj || (rs.key !== 'scopeSpans' && rs.key !== 'instrumentationLibrarySpans') || !list || list.obj) return undefined
    const listKey: ListKey | undefined =
      n === 5 && stack[0]?.key === 'resourceSpans'
        ? 'bare'
        : n === 6 && stack[0]?.key === 'result' && stack[1]?.obj && stack[1].key === 'resourceSpans'
          ? 'result'
          : undefined
    if (listKey === undefined || !stack[0]?.obj) return undefined
    return { chunk, list: listKey, rs: list.index, key: rs.key, ss: scopes.index }
  }

  /** Records `p` in reading order; a group (resource, key) met again means a repeated key. */
  const noteOrder = (p: Place): void => {
    const group = `${p.chunk}/${p.list}/${p.rs}/${p.key}`
    const last = lastPlace
    const sameGroup = last !== undefined && `${last.chunk}/${last.list}/${last.rs}/${last.key}` === group
    if (sameGroup ? p.ss <= last.ss : seenGroups.has(group)) repeated = true
    seenGroups.add(group)
    lastPlace = p
  }

  /** At a spans array's `[`: converts its runs at once when its resource and scope are known. */
  const openArray = (p: Place): void => {
    noteOrder(p)
    scope = undefined
    if (waiting.length === 0 && p.list === 'result' && p.key === 'scopeSpans' && rsText !== undefined) {
      let rs: unknown
      try {
        rs = JSON.parse(rsText + ']}]}')
      } catch {
        rs = undefined
      }
      const scopes = isRecord(rs) ? rs.scopeSpans : undefined
      const ss: unknown = Array.isArray(scopes) ? scopes[p.ss] : undefined
      if (isRecord(rs) && 'resource' in rs && isRecord(ss) && isRecord(ss.scope)) {
        scope = otlpScopeOf(otlpResourceOf(rs), ss)
        converted.push({ ...p, context: JSON.stringify([rs.resource, ss.scope]) })
      }
    }
    if (!scope) waiting.push({ ...p, spans: [] })
    mode = 'array'
    runPieces = []
    runLength = 0
    nextTry = minRun
    scanPos = 0
    scanDepth = 0
    scanInString = false
    headFrom = 0
    recentText = ''
  }

  /** Elements parsed from one run of the current array, converted or kept waiting. */
  const deliver = (list: unknown[], text: string): void => {
    if (!removedNewline && text.includes('\n')) removedNewline = true
    if (list.length === 0) return
    if (scope) onRun(otlpScopeSpansToRaw(list, scope, []))
    else for (const s of list) (waiting[waiting.length - 1] as Waiting).spans.push(s)
  }

  /** At the end of a top-level value: the waiting arrays go back in place, converted in order. */
  const closeChunk = (): void => {
    const text = chunkText
    chunkText = ''
    if (waiting.length === 0) return
    const items = waiting
    waiting = []
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return // the whole body is not valid JSON then: `end` says so
    }
    if (!isRecord(value)) return
    for (const w of items) {
      const holder = w.list === 'result' ? value.result : value
      const list = isRecord(holder) ? holder.resourceSpans : undefined
      const rs: unknown = Array.isArray(list) ? list[w.rs] : undefined
      const scopes = isRecord(rs) ? rs[w.key] : undefined
      const ss: unknown = Array.isArray(scopes) ? scopes[w.ss] : undefined
      if (isRecord(ss)) ss.spans = w.spans
    }
    // As the whole-body read: `result.resourceSpans`, else the bare `resourceSpans`.
    const result = isRecord(value.result) ? value.result.resourceSpans : undefined
    const chosen = result ?? value.resourceSpans
    if (Array.isArray(chosen)) {
      const spans = otlpToRaw(chosen).spans
      if (spans.length > 0) onRun(spans)
    }
  }

  /** Scans skeleton text; returns the text after a spans array's `[` once one opens, else ''. */
  const scanSkeleton = (text: string): string => {
    let from = 0
    const n = text.length
    let i = skipFirst ? 1 : 0
    skipFirst = false
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (inString) {
        if (c === 92 /* \ */) {
          keyIsEscaped = true
          i++
        } else if (c === 34 /* " */) {
          inString = false
          if (keyStart >= 0) {
            const raw = keyPrefix + text.slice(keyStart, i)
            const top = stack[stack.length - 1] as Frame
            top.key = keyIsEscaped ? readKey(raw) : raw
            top.expectKey = false
          }
          keyStart = -1
          keyPrefix = ''
        }
        continue
      }
      switch (c) {
        case 34: {
          inString = true
          keyIsEscaped = false
          const top = stack[stack.length - 1]
          keyStart = top?.obj && top.expectKey ? i + 1 : -1
          break
        }
        case 123 /* { */:
        case 91 /* [ */: {
          const obj = c === 123
          if (stack.length === 0) {
            chunk++
            arrayOfChunks = chunk === 0 && !obj
            append(text.slice(from, i))
            from = i
            chunkText = ''
          } else if (obj && isResourceList(stack)) {
            // A resourceSpans element starts: its text is kept for its spans' context.
            append(text.slice(from, i))
            from = i
            rsText = ''
          }
          const p = obj ? undefined : placeOfTop()
          stack.push({ obj, key: undefined, expectKey: obj, index: 0 })
          if (p) {
            append(text.slice(from, i + 1))
            openArray(p)
            return text.slice(i + 1)
          }
          break
        }
        case 125 /* } */:
        case 93 /* ] */: {
          const top = stack[stack.length - 1]
          if (!top || top.obj !== (c === 125)) {
            mode = 'broken'
            append(text.slice(from))
            return ''
          }
          if (stack.length === 1) {
            append(text.slice(from, i + 1))
            from = i + 1
            stack.pop()
            closeChunk()
            break
          }
          stack.pop()
          if (top.obj && isResourceList(stack)) rsText = undefined
          break
        }
        case 44 /* , */: {
          const top = stack[stack.length - 1]
          if (top?.obj) top.expectKey = true
          else if (top) top.index++
          break
        }
      }
    }
    if (i > n) skipFirst = true
    if (inString && keyStart >= 0) {
      keyPrefix += text.slice(keyStart, Math.min(i, n))
      keyStart = 0
    }
    append(text.slice(from))
    return ''
  }

  /** Scans the current run from `scanPos` up to `limit` for the `]` closing the array. */
  const scanForEnd = (text: string, limit: number): number => {
    let i = scanPos
    let depth = scanDepth
    let str = scanInString
    for (; i < limit; i++) {
      const c = text.charCodeAt(i)
      if (str) {
        if (c === 92) i++
        else if (c === 34) str = false
      } else if (c === 34) str = true
      else if (c === 123 || c === 91) depth++
      else if (c === 125 || c === 93) {
        if (depth === 0) {
          scanPos = i
          return c === 93 ? i : -2
        }
        depth--
      }
    }
    scanPos = i
    scanDepth = depth
    scanInString = str
    return -1
  }

  /** Drops the first `length` characters of the run (complete elements and their comma). */
  const dropRun = (rest: string, removed: number): void => {
    runPieces = [rest]
    runLength = rest.length
    if (scanPos >= removed) scanPos -= removed
    else {
      scanPos = 0
      scanDepth = 0
      scanInString = false
    }
    headFrom = Math.max(0, headFrom - removed)
  }

  /** Cuts the run at the last span border before `limit` in `text` (the run joined), if it parses. */
  const cutBefore = (text: string, limit: number): void => {
    let from = limit
    for (let k = 0; k < MAX_CANDIDATES && failedCuts < MAX_FAILED_CUTS; k++) {
      const at = text.lastIndexOf(SPAN_START, from - 1)
      if (at < 0) return
      from = at
      const runText = text.slice(0, at + 1)
      let list: unknown[]
      try {
        list = JSON.parse(`[${runText}]`) as unknown[]
      } catch {
        failedCuts++
        continue
      }
      deliver(list, runText)
      dropRun(text.slice(at + 2), at + 2)
      return
    }
  }

  /** Ends the array at `e` (its `]`) in `text`; returns the text from the `]` on. */
  const closeArray = (text: string, e: number): string => {
    const tail = text.slice(0, e)
    deliver(JSON.parse(`[${tail}]`) as unknown[], tail)
    mode = 'skeleton'
    scope = undefined
    runPieces = []
    runLength = 0
    return text.slice(e)
  }

  const joinRun = (): string => {
    const text = runPieces.length === 1 ? (runPieces[0] as string) : runPieces.join('')
    runPieces = [text]
    return text
  }

  /**
   * Ends the array if its `]` comes before `limit` (a head, or the body's end); returns the text
   * from the `]` on, or undefined while the array goes on.
   */
  const endBefore = (limit: number, final: boolean): string | undefined => {
    let text = joinRun()
    if (!final && limit - scanPos > minRun) {
      // Most of the run is whole spans: parse them as one run, leaving little to scan.
      cutBefore(text, limit)
      limit -= text.length - runLength
      text = runPieces[0] as string
    }
    const e = scanForEnd(text, limit)
    if (e >= 0) return closeArray(text, e)
    if (e === -2 || final) {
      // A `}` closing nothing, or no end at all: not JSON. The whole read says why.
      if (final) JSON.parse(`[${text}`)
      mode = 'broken'
      append(text)
      return ''
    }
    headFrom = limit + 1
    return undefined
  }

  /** The run position of the first head at or after `headFrom` in the new piece (or across its start). */
  const findHead = (recent: string, piece: string, pieceAt: number): number => {
    const border = recent + piece.slice(0, HEAD_OVERLAP)
    const borderAt = pieceAt - recent.length
    HEAD.lastIndex = Math.max(0, headFrom - borderAt)
    const across = HEAD.exec(border)
    if (across && across.index < recent.length) return borderAt + across.index
    HEAD.lastIndex = Math.max(0, headFrom - pieceAt)
    const inPiece = HEAD.exec(piece)
    return inPiece ? pieceAt + inPiece.index : -1
  }

  /** Takes text inside a spans array; returns the text after the array once it ends, else ''. */
  const feedArray = (piece: string, final: boolean): string => {
    const recent = recentText
    const pieceAt = runLength
    runPieces.push(piece)
    runLength += piece.length
    // Copy only the last characters: `(recent + piece).slice` would flatten the whole piece.
    recentText = piece.length >= HEAD_OVERLAP ? piece.slice(-HEAD_OVERLAP) : (recent + piece).slice(-HEAD_OVERLAP)
    if (final) return endBefore(runLength, true) ?? ''
    // A next head in the new text: the array may have ended before it.
    let h = findHead(recent, piece, pieceAt)
    while (h >= 0) {
      const after = endBefore(h, false)
      if (after !== undefined) return after
      // A false head (a key ending in "spans" inside a span): look further in the joined run.
      HEAD.lastIndex = headFrom
      const m = HEAD.exec(runPieces[0] as string)
      h = m ? m.index : -1
    }
    if (runLength >= nextTry) {
      const newest = runPieces[runPieces.length - 1] as string
      const at = newest.lastIndexOf(SPAN_START)
      if (at >= 0 && failedCuts < MAX_FAILED_CUTS) {
        const runText = runPieces.slice(0, -1).join('') + newest.slice(0, at + 1)
        let list: unknown[] | undefined
        try {
          list = JSON.parse(`[${runText}]`) as unknown[]
        } catch {
          failedCuts++
        }
        if (list) {
          deliver(list, runText)
          dropRun(newest.slice(at + 2), runText.length + 1)
        }
      }
      nextTry = runLength + minRun
    }
    return ''
  }

  // Read through a call: the readers above change the mode (TypeScript narrows a local).
  const modeNow = (): typeof mode => mode
  const feed = (piece: string, final: boolean): void => {
    let text = piece
    for (;;) {
      if (mode === 'broken') return append(text)
      if (mode === 'array') {
        if (text === '' && !final) return
        text = feedArray(text, final)
        if (modeNow() !== 'skeleton') return
      } else {
        if (text === '') return
        text = scanSkeleton(text)
        if (modeNow() !== 'array') return
      }
    }
  }

  return {
    write(piece) {
      feed(piece, false)
    },
    end() {
      if (mode === 'array') feed('', true)
      const body = parseWhole(skeleton, removedNewline)
      if (repeated || !matchesBody(body, converted)) {
        throw new Error('the OTLP trace repeats a key around spans already read; it cannot be read while it downloads')
      }
      // A top-level array of chunks is not streamed: it is read here, whole.
      if (arrayOfChunks && chunk === 0 && Array.isArray(body)) {
        const spans = otlpToRaw(body.flatMap((c) => resourceSpansOfChunk(c))).spans
        if (spans.length > 0) onRun(spans)
      }
      skeleton = ''
      return body
    },
  }
}

/** Whether the top of `stack` is a resourceSpans list (bare, or in `result`). */
function isResourceList(stack: readonly Frame[]): boolean {
  const n = stack.length
  const list = stack[n - 1]
  const owner = stack[n - 2]
  if (!list || list.obj || !owner?.obj || owner.key !== 'resourceSpans') return false
  return n === 2 || (n === 3 && stack[0]?.obj === true && stack[0].key === 'result')
}

/** A key written with escapes (`"sp\u0061ns"`) as JSON reads it. */
function readKey(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string
  } catch {
    return undefined
  }
}

/** The whole-body read: one JSON value, else one per line (two or more lines). */
function parseWhole(text: string, removedNewline: boolean): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    const lines = text.split('\n').filter((line) => line.trim() !== '')
    if (lines.length < 2 || removedNewline) throw e
    try {
      return lines.map((line) => JSON.parse(line) as unknown)
    } catch {
      throw e
    }
  }
}

function resourceSpansOfChunk(c: unknown): unknown[] {
  if (!isRecord(c)) return []
  const inResult = isRecord(c.result) ? c.result.resourceSpans : undefined
  const list = inResult ?? c.resourceSpans
  return Array.isArray(list) ? (list as unknown[]) : []
}

/** Every array converted as it came is still where the whole body puts it, empty, same context. */
function matchesBody(body: unknown, converted: readonly Converted[]): boolean {
  if (converted.length === 0) return true
  const chunks = Array.isArray(body) ? body : [body]
  return converted.every((c) => {
    const value: unknown = chunks[c.chunk]
    const result = isRecord(value) ? value.result : undefined
    const list = isRecord(result) ? result.resourceSpans : undefined
    const rs: unknown = Array.isArray(list) ? list[c.rs] : undefined
    if (!isRecord(rs) || !Array.isArray(rs.scopeSpans)) return false
    const ss: unknown = otlpScopesOf(rs)[c.ss]
    return isRecord(ss) && Array.isArray(ss.spans) && ss.spans.length === 0 && JSON.stringify([rs.resource, ss.scope]) === c.context
  })
}

/** What an OTLP trace read while it downloaded leaves: the envelope to check, and the trace. */
export interface StreamedOtlpTrace {
  /**
   * The body as the whole-body read (`JSON.parse`, else one value per line) gives it, with the
   * spans arrays read emptied: the chunks' `{result}`, `{error}` and `{end}` envelopes.
   */
  body: unknown
  /** The trace of every chunk's spans (undefined for none); call once the envelope is accepted. */
  build(): Trace | undefined
}

/**
 * Jaeger v2's `/api/v3/traces/{id}` (OTLP JSON in `{result}`, or its NDJSON form) read into a
 * trace while it downloads: each run of spans is converted and read into the builder as it
 * arrives. `end` throws, as the whole-body read does, when the body is not JSON.
 */
export function otlpTraceStream(): TextSink<StreamedOtlpTrace> {
  const builder = traceBuilder()
  const spans = otlpSpanStream((run) => builder.add(run))
  return {
    write: (piece) => spans.write(piece),
    end() {
      const body = spans.end()
      return { body, build: () => (builder.count === 0 ? undefined : builder.build()) }
    },
  }
}
