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
  let pending = ''
  let mode: 'start' | 'array' | 'whole' = 'start'
  const minRun = options.minRun ?? MIN_RUN
  let nextTry = minRun
  let failedCuts = 0

  const cut = (): void => {
    let from = pending.length
    for (let n = 0; n < MAX_CANDIDATES; n++) {
      const at = pending.lastIndexOf('},{"', from - 1)
      if (at < 0) return
      from = at
      const keyEnd = pending.indexOf('"', at + 4)
      if (keyEnd < 0 || !options.startKeys.has(pending.slice(at + 4, keyEnd))) continue
      let run: unknown
      try {
        run = JSON.parse(`[${pending.slice(0, at + 1)}]`)
      } catch {
        failedCuts++
        return
      }
      options.onElements(run as unknown[])
      pending = pending.slice(at + 2)
      return
    }
  }

  return {
    write(piece) {
      pending += piece
      if (mode === 'start') {
        const first = pending.search(/\S/)
        if (first < 0) return
        if (pending.charCodeAt(first) === 91 /* [ */) {
          mode = 'array'
          pending = pending.slice(first + 1)
        } else {
          mode = 'whole'
        }
      }
      if (mode !== 'array' || failedCuts >= MAX_FAILED_CUTS || pending.length < nextTry) return
      cut()
      nextTry = pending.length + minRun
    },
    end() {
      const rest: unknown = JSON.parse(mode === 'array' ? `[${pending}` : pending)
      pending = ''
      if (!Array.isArray(rest)) throw new TypeError('expected a JSON array')
      options.onElements(rest)
    },
  }
}
