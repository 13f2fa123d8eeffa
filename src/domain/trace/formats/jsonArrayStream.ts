/** Receives a JSON body piece by piece; `end` returns what it read or throws on invalid JSON. */
export interface TextSink<R> {
  write(piece: string): void
  end(): R
}

/** Where the big array starts in a body, and how to tell that the place is the right one. */
export interface ArrayPlace {
  /** Index just past the `[` that opens the array in `head` (the body's first text), or -1. */
  find(head: string): number
  /** Text closing everything open at that `[`, e.g. `]` for a bare array. */
  close: string
  /** `JSON.parse(head up to the [ + close)` is the body with that array empty: check it is. */
  holdsEmpty(body: unknown): boolean
}

export interface JsonArrayStreamOptions {
  place: ArrayPlace
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

/** A body that is one JSON array (Zipkin's span list). */
export const BARE_ARRAY: ArrayPlace = {
  find: (head) => {
    const first = head.search(/\S/)
    return first >= 0 && head.charCodeAt(first) === 91 /* [ */ ? first + 1 : -1
  },
  close: ']',
  holdsEmpty: (body) => Array.isArray(body) && body.length === 0,
}

/** Text gathered before a cut is tried: JSON.parse per call is cheap, but not free. */
const MIN_RUN = 64 * 1024
/** Cuts that failed to parse (a `},{"` inside a string value) before cutting is given up. */
const MAX_FAILED_CUTS = 3
/** Candidates looked at, from the end, before waiting for more text. */
const MAX_CANDIDATES = 8
/** How much of the body's start is searched for the array before streaming is given up. */
const MAX_HEAD = 64 * 1024

/**
 * Parses a JSON body holding one big array of objects while it downloads: each time enough text
 * has arrived, the complete elements so far are cut off at an element border and parsed with
 * `JSON.parse`, so when the last byte arrives almost all of the body is already read. A 20 MB
 * trace takes about as long to arrive as to parse; this way the two overlap instead of adding up.
 *
 * `end` returns the body parsed from the text before the array and the text not yet cut, so the
 * array in it holds only the last elements: the earlier ones went to `onElements`, in order.
 *
 * Correct whatever the cuts: a run is only taken when `[run]` parses, and the whole body is valid
 * exactly when the head, every run and the rest are. A body where the array is not found, or is
 * pretty-printed so no border matches, is simply parsed whole at the end.
 */
export function jsonArrayStream(options: JsonArrayStreamOptions): TextSink<unknown> {
  const { place } = options
  // The text not parsed yet, as it came: joined once per run, so each byte is copied once
  // (a growing `pending += piece` string is copied again on every search and slice).
  let pieces: string[] = []
  let pendingLength = 0
  /** Text up to and including the array's `[`, once found. */
  let head = ''
  let mode: 'head' | 'array' | 'whole' = 'head'
  const minRun = options.minRun ?? MIN_RUN
  let nextTry = minRun
  let failedCuts = 0

  /** Whether `text` (up to a `[`) is the body's start with that `[` opening the array looked for. */
  const isPlace = (text: string): boolean => {
    try {
      return place.holdsEmpty(JSON.parse(text + place.close))
    } catch {
      return false
    }
  }

  const findHead = (): void => {
    const text = pieces.join('')
    pieces = [text]
    const at = place.find(text)
    if (at < 0 && text.length <= MAX_HEAD) return
    if (at < 0 || !isPlace(text.slice(0, at))) {
      mode = 'whole'
      return
    }
    head = text.slice(0, at)
    const rest = text.slice(at)
    pieces = [rest]
    pendingLength = rest.length
    mode = 'array'
  }

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

  /** Cuts at the last border in the newest piece, if that run parses. */
  const cut = (): void => {
    const piece = pieces[pieces.length - 1] as string
    const at = findCut(piece)
    if (at < 0) return
    const parts = pieces.slice(0, -1)
    parts.unshift('[')
    parts.push(piece.slice(0, at + 1), ']')
    let run: unknown
    try {
      run = JSON.parse(parts.join(''))
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
      pieces.push(piece)
      pendingLength += piece.length
      if (mode === 'head') findHead()
      if (mode !== 'array' || failedCuts >= MAX_FAILED_CUTS || pendingLength < nextTry) return
      cut()
      nextTry = pendingLength + minRun
    },
    end() {
      if (mode === 'array') pieces.unshift(head)
      const text = pieces.join('')
      pieces = []
      return JSON.parse(text) as unknown
    },
  }
}
