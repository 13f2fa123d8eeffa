import type { Widen } from '../widen'
import type { metricsEn } from './metrics.en'

export const metricsKo: Widen<typeof metricsEn> = {
  title: '서비스 상태',
}
