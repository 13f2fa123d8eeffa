/** Receives a JSON body piece by piece; `end` returns what it read or throws on invalid JSON. */
export interface TextSink<R> {
  write(piece: string): void
  end(): R
}

export interface JsonArrayStreamOptions {
  /**
   * Keys that only an element of the array can start with. A cut is made at `},{"key"` only for
   * these, so a run of nested objects (Zipkin annotations) is not mistaken for an element border.
   */
  startKeys: ReadonlySet<string>
  /** Called with each run of elements, in order, as soon as it is parsed. */
  onElements(list: unknown[]): void
  /** Text gathered before a cut is tried (tests use small runs to make many cuts). */
  minRun?: number
}

/** Text gathered before a cut is tried: JSON.parse per call is cheap, but not free. */
const MIN_RUN = 64 * 1024
/** Cuts that failed to parse (a `},{"` inside a string value) before cutting is given up. */
const MAX_FAILED_CUTS = 3
/** Candidates looked at, from the end, before waiting for more text. */
const MAX_CANDIDATES = 8

/**
 * Parses a JSON array of objects while it downloads: each time enough text has arrived, the
 * complete elements so far are cut off at an element border and parsed with `JSON.parse`, so
 * when the last byte arrives almost all of the body is already read. A 20 MB trace takes about
 * as long to arrive as to parse; this way the two overlap instead of adding up.
 *
 * Correct whatever the cuts: a run is only taken when `[run]` parses, and the whole body is valid
 * exactly when every run and the rest are. A body that is not an array, or is pretty-printed so
 * no border matches, is simply parsed whole at the end.
 */
export function jsonArrayStream(options: JsonArrayStreamOptions): TextSink<void> {
  // The text not parsed yet, as it came: joined once per run, so each byte is copied once
  // (a growing `pending += piece` string is copied again on every search and slice).
  let pieces: string[] = []
  let pendingLength = 0
  let mode: 'start' | 'array' | 'whole' = 'start'
  const minRun = options.minRun ?? MIN_RUN
  let nextTry = minRun
  let failedCuts = 0

  /** The `}` of the last element border in `piece` (borders split across pieces are skipped). */
  const findCut = (piece: string): number => {
    let from = piece.length
    for (let n = 0; n < MAX_CANDIDATES; n++) {
      const at = piece.lastIndexOf('},{"', from - 1)
      if (at < 0) return -1
      from = at
      const keyEnd = piece.indexOf('"', at + 4)
      if (keyEnd >= 0 && options.startKeys.has(piece.slice(at + 4, keyEnd))) return at
    }
    return -1
  }

  const cut = (piece: string): void => {
    const at = findCut(piece)
    if (at < 0) return
    const head = pieces.slice(0, -1)
    head.unshift('[')
    head.push(piece.slice(0, at + 1), ']')
    let run: unknown
    try {
      run = JSON.parse(head.join(''))
    } catch {
      failedCuts++
      return
    }
    options.onElements(run as unknown[])
    const rest = piece.slice(at + 2)
    pieces = [rest]
    pendingLength = rest.length
  }

  return {
    write(piece) {
      if (mode === 'start') {
        const first = piece.search(/\S/)
        if (first < 0) return
        if (piece.charCodeAt(first) === 91 /* [ */) {
          mode = 'array'
          piece = piece.slice(first + 1)
        } else {
          mode = 'whole'
        }
      }
      pieces.push(piece)
      pendingLength += piece.length
      if (mode !== 'array' || failedCuts >= MAX_FAILED_CUTS || pendingLength < nextTry) return
      cut(piece)
      nextTry = pendingLength + minRun
    },
    end() {
      if (mode === 'array') pieces.unshift('[')
      const text = pieces.join('')
      pieces = []
      const rest: unknown = JSON.parse(text)
      if (!Array.isArray(rest)) throw new TypeError('expected a JSON array')
      options.onElements(rest)
    },
  }
}
