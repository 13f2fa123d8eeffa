import { inject, type InjectionKey } from 'vue'
import { createI18n, type Composer } from 'vue-i18n'
import type { Locale } from '@/module/options'
import type { Messages } from './en'

export type TraceboardComposer = Composer<{ ko: Messages; en: Messages }, Record<string, never>, Record<string, never>, Locale>

export const I18N_KEY: InjectionKey<TraceboardComposer> = Symbol('traceboard.i18n')

/**
 * Traceboard's own i18n instance, without its strings: `loadTraceboardMessages` adds them
 * with the views, so they are not in the host's entry chunk. It is provided to Traceboard's
 * components only and never installed on the host app, so a host's own vue-i18n stays untouched.
 */
export function createEmptyTraceboardI18n(locale: Locale): TraceboardComposer {
  const i18n = createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: {} as { ko: Messages; en: Messages },
  })
  return i18n.global as unknown as TraceboardComposer
}

/** Loads the Korean and English strings into a composer (once per install). */
export async function loadTraceboardMessages(composer: TraceboardComposer): Promise<void> {
  const { en, ko } = await import('./messages')
  composer.setLocaleMessage('en', en)
  composer.setLocaleMessage('ko', ko)
}

export function useTraceboardI18n(): TraceboardComposer {
  const composer = inject(I18N_KEY, undefined)
  if (!composer) throw new Error('Traceboard components must be used inside an app that installed createTraceboard()')
  return composer
}
