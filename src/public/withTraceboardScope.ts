/* eslint-disable vue/one-component-per-file -- a wrapper factory: each call defines the wrapper and its scoped inner component */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'
import { useTraceboardContext } from '@/module/context'
import { useTraceboardI18n } from '@/i18n/keys'
import type { Permission } from '@/module/options'

/**
 * Wraps a Traceboard component for use on a host's own pages: the same component, with the
 * same props and events (hence the cast keeps its type), loaded lazily with the service layer
 * and strings (vue-i18n too) so the host's entry chunk does not grow with it, and rendered inside
 * Traceboard's scope so its tokens and theme apply there too. With a `permission`, the host's
 * `can()` is asked first and a denial is said in words instead of showing the data.
 */
export function withTraceboardScope<C extends Component>(load: () => Promise<{ default: C }>, name: string, permission?: Permission): C {
  return defineComponent({
    name,
    inheritAttrs: false,
    setup(_props, { attrs, slots }) {
      const { ready, options } = useTraceboardContext()
      const scoped = defineAsyncComponent(async () => {
        const [{ default: inner }, { default: scope }] = await Promise.all([load(), import('@/components/TraceboardScope.vue'), ready()])
        // On a host page there is no route guard: the component checks its permission itself.
        if (permission && !(await Promise.resolve(options.can(permission)).catch(() => false))) {
          return defineComponent({
            setup: () => {
              // Provided by ready(), with the strings.
              const { t } = useTraceboardI18n()
              return () =>
                h(scope, null, { default: () => h('p', { role: 'alert', 'data-testid': 'permission-denied' }, t('permission.denied', { permission })) })
            },
          })
        }
        return defineComponent({
          inheritAttrs: false,
          setup: (_p, ctx) => () => h(scope, null, { default: () => h(inner, ctx.attrs, ctx.slots) }),
        })
      })
      return () => h(scoped, attrs, slots)
    },
  }) as unknown as C
}
