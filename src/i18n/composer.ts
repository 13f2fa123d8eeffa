import { createI18n } from 'vue-i18n'
import type { Locale } from '@/module/options'
import type { Messages } from './en'
import type { TraceboardComposer } from './keys'

/**
 * Traceboard's own i18n instance, without its strings (`loadTraceboardMessages` adds them). It
 * is provided to Traceboard's components only and never installed on the host app, so a host's
 * own vue-i18n stays untouched.
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
