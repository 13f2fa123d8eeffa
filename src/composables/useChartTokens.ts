import { onMounted, ref, watch, type Ref } from 'vue'
import { readChartTokens } from '@/components/charts/chartTokens'
import { useTraceboardContext } from '@/module/context'

export type ChartTokens = ReturnType<typeof readChartTokens>

/**
 * The theme colours a chart paints with, read from the CSS variables at `root`. A canvas
 * cannot read CSS variables itself: read them once mounted and again when the host switches
 * theme (after the frame that applies it).
 */
export function useChartTokens(root: Ref<HTMLElement | null | undefined>): Ref<ChartTokens> {
  const { options } = useTraceboardContext()
  const tokens = ref<ChartTokens>(readChartTokens(undefined))
  const readTokens = (): void => void (tokens.value = readChartTokens(root.value))
  onMounted(readTokens)
  watch(() => options.theme?.value, () => requestAnimationFrame(readTokens))
  return tokens
}
