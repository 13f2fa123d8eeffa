import type { Widen } from '../widen'
import type { logsEn } from './logs.en'

export const logsKo: Widen<typeof logsEn> = {
  title: '로그',
}
