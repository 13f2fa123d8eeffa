import { ref, watch } from 'vue'

/** The host's own UI preferences; Traceboard receives the theme ref and follows the locale. */
export const theme = ref<'light' | 'dark'>(globalThis.localStorage?.getItem('acme-theme') === 'dark' ? 'dark' : 'light')
watch(theme, (t) => globalThis.localStorage?.setItem('acme-theme', t))

export function initialLocale(): 'ko' | 'en' {
  return globalThis.localStorage?.getItem('acme-locale') === 'en' ? 'en' : 'ko'
}
