import { inject, type InjectionKey } from 'vue'
import type { Composer } from 'vue-i18n'
import type { Locale } from '@/module/options'
import type { Messages } from './en'

export type TraceboardComposer = Composer<{ ko: Messages; en: Messages }, Record<string, never>, Record<string, never>, Locale>

/**
 * Traceboard's own i18n composer, provided to its components only (never installed on the host
 * app). An install provides it once the first view loads (`composer.ts`, with the strings), so
 * neither vue-i18n's runtime nor the strings sit in the host's entry chunk.
 */
export const I18N_KEY: InjectionKey<TraceboardComposer> = Symbol('traceboard.i18n')

export function useTraceboardI18n(): TraceboardComposer {
  const composer = inject(I18N_KEY, undefined)
  if (!composer) throw new Error('Traceboard components must be used inside an app that installed createTraceboard()')
  return composer
}
