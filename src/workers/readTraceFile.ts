import { parseTraceFile, type ParsedTraceFile } from '@/domain/trace'
import { checkTraceFileSize } from '@/domain/trace/formats/traceFileSize'
import { traceFileStream } from '@/domain/trace/formats/traceFileStream'

/** How a file was read: observable by tests (the e2e reads it in the worker), never a timing. */
export interface TraceFileReading {
  /** Pieces `file.stream()` gave. */
  pieces: number
  /** Spans already read into traces when the last piece came: > 0 means it was read as it streamed. */
  spansBeforeLastPiece: number
  /** The streamed readers could not take it and the file was read again whole. */
  readAgain: boolean
}

let lastReading: TraceFileReading | undefined

/** The last file read in this thread (the worker exposes it for the e2e test). */
export function lastTraceFileReading(): TraceFileReading | undefined {
  return lastReading
}

/**
 * Reads a trace file with `file.stream()` and a streaming TextDecoder, each piece going into the
 * streamed readers as it comes, so most of the file is parsed and read into its traces by the
 * time the last byte is read. Refuses a file over the size limit before reading a byte; the
 * signal stops the read between pieces. Bytes or text already in memory go through the same
 * readers in one piece.
 */
export async function readTraceFile(file: Blob | ArrayBuffer | string, signal: AbortSignal): Promise<{ parsed: ParsedTraceFile; reading: TraceFileReading }> {
  signal.throwIfAborted()
  checkTraceFileSize(typeof file === 'string' ? file.length : isBytes(file) ? file.byteLength : file.size)
  const sink = traceFileStream()
  const reading: TraceFileReading = { pieces: 0, spansBeforeLastPiece: 0, readAgain: false }
  const decoder = new TextDecoder()
  const write = (text: string): void => {
    reading.pieces++
    reading.spansBeforeLastPiece = sink.spansRead
    if (text !== '') sink.write(text)
  }
  if (typeof file === 'string') write(file)
  else if (isBytes(file)) write(decoder.decode(file, { stream: true }))
  else if (typeof file.stream === 'function') {
    const reader = file.stream().getReader()
    const stop = (): void => void reader.cancel().catch(() => undefined)
    signal.addEventListener('abort', stop, { once: true })
    try {
      for (;;) {
        const { done, value } = await reader.read()
        signal.throwIfAborted()
        if (done) break
        write(decoder.decode(value, { stream: true }))
      }
    } finally {
      signal.removeEventListener('abort', stop)
    }
  } else {
    // A Blob without streams (jsdom's): one piece, the same readers.
    write(decoder.decode(await blobBytes(file), { stream: true }))
  }
  const tail = decoder.decode()
  if (tail !== '') sink.write(tail)
  lastReading = reading
  const parsed = sink.end()
  if (parsed) return { parsed, reading }
  reading.readAgain = true
  signal.throwIfAborted()
  const text = typeof file === 'string' ? file : new TextDecoder().decode(isBytes(file) ? file : await blobBytes(file))
  return { parsed: parseTraceFile(text), reading }
}

/** A Blob's bytes, also where Blob has no arrayBuffer() (jsdom): through FileReader. */
function blobBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as ArrayBuffer)
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'))
    reader.readAsArrayBuffer(blob)
  })
}

/** An ArrayBuffer, also one from another realm (a structured clone in tests), where instanceof fails. */
function isBytes(file: Blob | ArrayBuffer): file is ArrayBuffer {
  return Object.prototype.toString.call(file) === '[object ArrayBuffer]'
}
