import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import type { Component } from 'vue'
import { createTraceboardI18n, I18N_KEY } from '@/i18n'
import type { Locale } from '@/module/options'

/** Mounts one Traceboard component with the i18n a real install provides. */
export function mountWithI18n<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}, locale: Locale = 'en') {
  return mount(component, {
    ...options,
    global: { ...options.global, provide: { ...options.global?.provide, [I18N_KEY as symbol]: createTraceboardI18n(locale) } },
  } as ComponentMountingOptions<C>)
}
