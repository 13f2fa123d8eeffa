import type { LogRecord } from './logRecord'

/** Beyond this a message is not searched further (a 1 MB message would be copied whole). */
const MAX_SEARCHED_MESSAGE = 20_000
/** Records per chunk: one string each, so 100,000 records are 100 strings for the GC, not 100,000. */
const CHUNK = 1000
/** Ends each record's text in a chunk; cannot be typed, so a match never spans two records. */
const END = '\u0000'

/** What a record is searched in: message, service, logger, level, ids (lower-cased later). */
export function logSearchText(r: LogRecord): string {
  const message = r.message.length > MAX_SEARCHED_MESSAGE ? r.message.slice(0, MAX_SEARCHED_MESSAGE) : r.message
  return `${message}\n${r.service}\n${r.logger ?? ''}\n${r.levelRaw ?? r.level}\n${r.traceId ?? ''}\n${r.spanId ?? ''}`
}

/** The lower-cased texts of CHUNK records, each followed by END; `starts[i]` is where record i begins. */
interface TextChunk {
  text: string
  starts: Int32Array
}

function buildChunk(records: readonly LogRecord[], from: number, to: number): TextChunk {
  const parts = new Array<string>(to - from)
  for (let i = from; i < to; i++) parts[i - from] = logSearchText(records[i]!)
  let text = (parts.join(END) + END).toLowerCase()
  // Lower-casing may lengthen a few characters ('İ' → 'i̇'): then each text on its own.
  if (text.length !== parts.reduce((n, p) => n + p.length + 1, 0)) {
    for (let k = 0; k < parts.length; k++) parts[k] = parts[k]!.toLowerCase()
    text = parts.join(END) + END
  }
  const starts = new Int32Array(parts.length + 1)
  for (let k = 0; k < parts.length; k++) starts[k + 1] = starts[k]! + parts[k]!.length + 1
  return { text, starts }
}

/**
 * Case-insensitive substring search over loaded log records. The lower-cased texts are built
 * once per record (lazily, or ahead with `build` in idle time) into a few large strings, and a
 * search is the engine's `indexOf` over them, jumping to the next record at each hit.
 */
export interface LogTextIndex {
  readonly source: readonly LogRecord[]
  /** Every record's text is built. */
  readonly complete: boolean
  /** Builds chunks while `hasTime()`; true while some remain to build. */
  build(hasTime: () => boolean): boolean
  /**
   * Indices (ascending) of the records whose text holds `needle` (lower-case), among
   * `candidates` (ascending) when given: a longer query only narrows a shorter one's matches.
   * Builds what is missing, unless `builtOnly`: then only the records built so far are searched.
   */
  search(needle: string, candidates?: readonly number[], builtOnly?: boolean): number[]
}

const chunksOf = new WeakMap<LogTextIndex, readonly TextChunk[]>()

/** An index over `source`; when `source` extends `previous.source` (a page appended), its full chunks are reused. */
export function createLogTextIndex(source: readonly LogRecord[], previous?: LogTextIndex): LogTextIndex {
  const chunks: TextChunk[] = []
  if (previous && extendsSource(source, previous.source)) {
    for (const c of chunksOf.get(previous) ?? []) if (c.starts.length - 1 === CHUNK) chunks.push(c)
  }
  const chunkCount = Math.ceil(source.length / CHUNK)

  function chunk(c: number): TextChunk {
    while (chunks.length <= c) {
      const from = chunks.length * CHUNK
      chunks.push(buildChunk(source, from, Math.min(source.length, from + CHUNK)))
    }
    return chunks[c]!
  }

  function build(hasTime: () => boolean): boolean {
    while (chunks.length < chunkCount) {
      chunk(chunks.length)
      if (!hasTime()) break
    }
    return chunks.length < chunkCount
  }

  function searchAll(needle: string, out: number[], chunksToSearch: number): void {
    for (let c = 0; c < chunksToSearch; c++) {
      const { text, starts } = chunk(c)
      const base = c * CHUNK
      let r = 0
      let pos = text.indexOf(needle)
      while (pos !== -1) {
        while (starts[r + 1]! <= pos) r++
        out.push(base + r)
        pos = text.indexOf(needle, starts[r + 1])
      }
    }
  }

  function searchAmong(needle: string, candidates: readonly number[], out: number[]): void {
    let c = -1
    let current: TextChunk | undefined
    // The first hit in the current chunk at or after the start of the record last looked at
    // (-1: none left in it): candidates are ascending, so one scan of a chunk serves them all.
    let hit = -1
    for (const i of candidates) {
      if (i >= source.length) break
      const ci = Math.floor(i / CHUNK)
      if (ci !== c) {
        c = ci
        current = chunk(ci)
        hit = current.text.indexOf(needle)
      }
      const { text, starts } = current!
      const r = i - ci * CHUNK
      const start = starts[r]!
      if (hit !== -1 && hit < start) hit = text.indexOf(needle, start)
      if (hit !== -1 && hit + needle.length < starts[r + 1]!) out.push(i)
    }
  }

  const index: LogTextIndex = {
    source,
    get complete() {
      return chunks.length >= chunkCount
    },
    build,
    search(needle: string, candidates?: readonly number[], builtOnly = false): number[] {
      const out: number[] = []
      if (needle === '') return source.map((_, i) => i)
      if (needle.includes(END)) return out
      if (builtOnly) searchAll(needle, out, chunks.length)
      // Checking most records one by one costs more than one scan that jumps from hit to hit
      // (any record holding the longer query holds the shorter one, so the scan is as exact).
      else if (candidates && candidates.length < source.length / 8) searchAmong(needle, candidates, out)
      else searchAll(needle, out, chunkCount)
      return out
    },
  }
  chunksOf.set(index, chunks)
  return index
}

/** `next` is `prev` with records appended (pages are added with concat). */
function extendsSource(next: readonly LogRecord[], prev: readonly LogRecord[]): boolean {
  return prev.length > 0 && next.length >= prev.length && next[0] === prev[0] && next[prev.length - 1] === prev[prev.length - 1]
}
