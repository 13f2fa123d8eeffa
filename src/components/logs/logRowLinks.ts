import type { Router } from 'vue-router'
import { traceLink } from '@/module/links'

const TRACE = 'tbtraceplaceholder'
const SPAN = 'tbspanplaceholder'

/** Hrefs to the trace page for the ids in log rows. */
export interface TraceHrefs {
  trace(traceId: string): string
  span(traceId: string, spanId: string): string
}

/**
 * Resolves the trace route once and fills ids into it as text. A RouterLink per row costs a
 * route resolution and several watchers each time a row is created, and a fast scroll through
 * 100,000 logs creates some fifty rows per frame. Ids are hex (normalised when read), so they
 * need no encoding beyond encodeURIComponent.
 */
export function createTraceHrefs(router: Router): TraceHrefs {
  const traceOnly = router.resolve(traceLink(TRACE)).href
  const withSpan = router.resolve(traceLink(TRACE, SPAN)).href
  return {
    trace: (traceId) => traceOnly.replace(TRACE, encodeURIComponent(traceId)),
    span: (traceId, spanId) => withSpan.replace(TRACE, encodeURIComponent(traceId)).replace(SPAN, encodeURIComponent(spanId)),
  }
}

/**
 * What RouterLink does on click: navigate inside the app, unless the user asked for a new tab
 * or window (modifier keys, middle button) — then the browser follows the href itself.
 */
export function followInApp(router: Router, event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  void router.push(href)
}
