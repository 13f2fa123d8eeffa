/* eslint-disable vue/one-component-per-file -- a wrapper factory: each call defines the wrapper and its scoped inner component */
import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'
import { useTraceboardContext } from '@/module/context'

/**
 * Wraps a Traceboard component for use on a host's own pages: the same component, with the
 * same props and events (hence the cast keeps its type), loaded lazily with the service layer
 * and strings so the host's entry chunk does not grow with it, and rendered inside
 * Traceboard's scope so its tokens and theme apply there too.
 */
export function withTraceboardScope<C extends Component>(load: () => Promise<{ default: C }>, name: string): C {
  return defineComponent({
    name,
    inheritAttrs: false,
    setup(_props, { attrs, slots }) {
      const { ready } = useTraceboardContext()
      const scoped = defineAsyncComponent(async () => {
        const [{ default: inner }, { default: scope }] = await Promise.all([load(), import('@/components/TraceboardScope.vue'), ready()])
        return defineComponent({
          inheritAttrs: false,
          setup: (_p, ctx) => () => h(scope, null, { default: () => h(inner, ctx.attrs, ctx.slots) }),
        })
      })
      return () => h(scoped, attrs, slots)
    },
  }) as unknown as C
}
