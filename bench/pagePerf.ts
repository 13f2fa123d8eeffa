/**
 * What the browser benches share: medians, and when the frame that drew a set of elements
 * ended (the long animation frame holding the moment they entered the DOM, else that frame's
 * requestAnimationFrame), noted by a probe installed before the app.
 */

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

export const round = (v: number): number => Math.round(v * 10) / 10

export interface DrawPerf {
  /** First elements / `count` elements in the DOM. */
  firstCardsAtMs: number | undefined
  cardsAtMs: number | undefined
  /** requestAnimationFrame of the frame that renders them (style, layout and paint follow). */
  firstRafAtMs: number | undefined
  rafAtMs: number | undefined
  /** Long animation frames (≥ 50 ms) with their start and duration. */
  frames: { startTime: number; duration: number }[]
}

/**
 * The probe, as plain JS text (tsx would add helpers such as `__name` that the page lacks):
 * `window.__drawPerf` notes when the first and the `count`-th element matching `selector`
 * entered the DOM, the frames that drew them, and every long animation frame.
 */
export function drawProbeScript(selector: string, count: number): string {
  return `(() => {
    const perf = { firstCardsAtMs: undefined, cardsAtMs: undefined, firstRafAtMs: undefined, rafAtMs: undefined, frames: [] };
    window.__drawPerf = perf;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) perf.frames.push({ startTime: e.startTime, duration: e.duration });
    }).observe({ type: 'long-animation-frame', buffered: true });
    const observer = new MutationObserver(() => {
      const n = document.querySelectorAll(${JSON.stringify(selector)}).length;
      if (n > 0 && perf.firstCardsAtMs === undefined) {
        perf.firstCardsAtMs = performance.now();
        requestAnimationFrame(() => { perf.firstRafAtMs = performance.now() });
      }
      if (n >= ${count} && perf.cardsAtMs === undefined) {
        perf.cardsAtMs = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => { perf.rafAtMs = performance.now() });
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }));
  })()`
}

/** When the frame that drew the elements ended (NaN when they never came). */
export function frameEnd(perf: DrawPerf, domAt: number | undefined, rafAt: number | undefined): number {
  if (domAt === undefined) return NaN
  const frame = perf.frames.find((f) => f.startTime <= domAt && domAt <= f.startTime + f.duration)
  return frame ? frame.startTime + frame.duration : (rafAt ?? NaN)
}
