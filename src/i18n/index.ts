import { inject, type InjectionKey } from 'vue'
import { createI18n, type Composer } from 'vue-i18n'
import type { BackendFailure } from '@/services/errors'
import type { Locale } from '@/module/options'
import { en, type Messages } from './en'
import { ko } from './ko'

export type TraceboardComposer = Composer<{ ko: Messages; en: Messages }, Record<string, never>, Record<string, never>, Locale>

export const I18N_KEY: InjectionKey<TraceboardComposer> = Symbol('traceboard.i18n')

/**
 * Traceboard's own i18n instance. It is provided to Traceboard's components only and never
 * installed on the host app, so a host that has its own vue-i18n keeps it untouched.
 */
export function createTraceboardI18n(locale: Locale): TraceboardComposer {
  const i18n = createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { ko, en },
  })
  return i18n.global as unknown as TraceboardComposer
}

export function useTraceboardI18n(): TraceboardComposer {
  const composer = inject(I18N_KEY, undefined)
  if (!composer) throw new Error('Traceboard components must be used inside an app that installed createTraceboard()')
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
