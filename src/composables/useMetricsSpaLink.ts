import { useRouter, type RouteLocationRaw } from 'vue-router'

export interface SpaLink {
  href: string
  /** Click handler: in-app navigation for a plain click; new tab/window clicks go to the browser. */
  go: (e: MouseEvent) => void
}

/**
 * Plain `<a>` links that navigate like RouterLink, for lists with hundreds of links where a
 * RouterLink component per link costs more than the whole rest of a card.
 */
export function useMetricsSpaLink(): (to: RouteLocationRaw) => SpaLink {
  const router = useRouter()
  return (to) => {
    const resolved = router.resolve(to)
    return {
      href: resolved.href,
      go(e) {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        void router.push(resolved)
      },
    }
  }
}
