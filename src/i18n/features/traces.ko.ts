import type { Widen } from '../widen'
import type { tracesEn } from './traces.en'

export const tracesKo: Widen<typeof tracesEn> = {
  title: '트레이스',
}
