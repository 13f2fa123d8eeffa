/**
 * Resolves after the next frame has been painted: requestAnimationFrame runs just before the
 * paint, so the work waits one task more. After 100 ms at most (a hidden tab paints no frames).
 */
export function afterNextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve()
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100)
    requestAnimationFrame(() => {
      clearTimeout(fallback)
      setTimeout(resolve, 0)
    })
  })
}
