import type { BackendFailure } from '@/services/errors'
import type { Locale } from '@/module/options'
import type { TraceboardComposer } from './keys'
import { createEmptyTraceboardI18n } from './composer'
import { en } from './en'
import { ko } from './ko'

export { I18N_KEY, useTraceboardI18n, type TraceboardComposer } from './keys'
export { createEmptyTraceboardI18n, loadTraceboardMessages } from './composer'

/** A composer with every string loaded at once (tests, and components used outside an install). */
export function createTraceboardI18n(locale: Locale): TraceboardComposer {
  const composer = createEmptyTraceboardI18n(locale)
  composer.setLocaleMessage('en', en)
  composer.setLocaleMessage('ko', ko)
  return composer
}

/** One translated sentence per failure kind, shared by every panel. */
export function failureMessage(t: TraceboardComposer['t'], f: BackendFailure): string {
  switch (f.kind) {
    case 'timeout':
      return t('failure.timeout', { backend: f.backend, seconds: Math.round(f.timeoutMs / 1000) })
    case 'http':
      return t('failure.http', { backend: f.backend, status: f.status, message: f.message })
    case 'badResponse':
      return t('failure.badResponse', { backend: f.backend, path: f.path, message: f.message })
    case 'invalidInput':
      return t('failure.invalidInput', { backend: f.backend, message: f.message })
    case 'backendError':
      return t('failure.backendError', { backend: f.backend, type: f.errorType, message: f.message })
    default:
      return t(`failure.${f.kind}`, { backend: f.backend })
  }
}
