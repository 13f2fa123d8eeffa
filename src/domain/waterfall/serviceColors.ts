/**
 * Service colours: twelve well-separated hues, each overridable by the host through
 * `--tb-service-1` … `--tb-service-12` (the same token mechanism as every other colour).
 */
const FALLBACKS = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948',
  '#9c755f', '#e15759', '#86bcb6', '#8cd17d', '#d37295', '#a0cbe8',
]

/** The CSS colour of the service with intern index `k`. */
export function serviceColor(k: number): string {
  const i = ((k % FALLBACKS.length) + FALLBACKS.length) % FALLBACKS.length
  return `var(--tb-service-${i + 1}, ${FALLBACKS[i]})`
}

/** The plain hex colour (for canvas, which cannot read CSS variables). */
export function serviceColorHex(k: number): string {
  return FALLBACKS[((k % FALLBACKS.length) + FALLBACKS.length) % FALLBACKS.length] as string
}
