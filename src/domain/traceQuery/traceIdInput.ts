import { parseUserTraceId } from '../ids'

/** At most this many pasted ids are looked up at once. */
export const MAX_PASTED_IDS = 50

/**
 * Trace ids pasted into the search box: the whole text must be ids (16 or 32 hex digits each)
 * separated by spaces, commas, semicolons or new lines — as copied from a log line, a ticket or
 * a spreadsheet column. Returns the ids (lowercased, duplicates removed, in order) or undefined
 * when any piece is not an id, so ordinary text is never mistaken for ids.
 */
export function detectTraceIds(text: string): string[] | undefined {
  const pieces = text.split(/[\s,;|]+/).filter((p) => p !== '')
  if (pieces.length === 0) return undefined
  const ids: string[] = []
  for (const p of pieces) {
    const id = parseUserTraceId(p.replace(/^["'`]+|["'`]+$/g, ''))
    if (!id) return undefined
    if (!ids.includes(id)) ids.push(id)
  }
  return ids.slice(0, MAX_PASTED_IDS)
}
