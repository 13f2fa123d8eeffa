/**
 * Chart colours come from the --tb-* tokens so a host theme reaches the canvas too (canvas
 * cannot read CSS variables by itself).
 */
export function readChartTokens(el: Element | null | undefined): { text: string; muted: string; border: string; ok: string; warn: string; crit: string; accent: string } {
  const style = el ? getComputedStyle(el) : undefined
  const v = (name: string, fallback: string): string => style?.getPropertyValue(name).trim() || fallback
  return {
    text: v('--tb-text', '#1d2329'),
    muted: v('--tb-muted', '#5f6b76'),
    border: v('--tb-border', '#dfe3e8'),
    ok: v('--tb-ok', '#1f8a4c'),
    warn: v('--tb-warn', '#b7791f'),
    crit: v('--tb-crit', '#c53030'),
    accent: v('--tb-accent', '#2f6fde'),
  }
}
