// Apart from the stream reader: the page checks a file's size before handing it to the worker.

/** Files larger than this are refused before any byte is read (see checkTraceFileSize). */
export const MAX_TRACE_FILE_BYTES = 256 * 1024 * 1024

/** The file is too large to open: said before reading it, with both sizes. */
export class TraceFileTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`The file is ${megabytes(size)} MB; trace files up to ${megabytes(limit)} MB can be opened.`)
    this.name = 'TraceFileTooLargeError'
  }
}

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)
}

/**
 * Past a few hundred MB a file holds millions of spans: the worker (and then the page it falls
 * back to) would run out of memory, and V8 cannot hold its text as one string anyway.
 */
export function checkTraceFileSize(size: number, limit = MAX_TRACE_FILE_BYTES): void {
  if (size > limit) throw new TraceFileTooLargeError(size, limit)
}
