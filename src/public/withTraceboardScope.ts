import { defineAsyncComponent, defineComponent, h, type Component } from 'vue'
import TraceboardScope from '@/components/TraceboardScope.vue'

/**
 * Wraps a Traceboard component for use on a host's own pages: the same component, with the
 * same props and events (hence the cast keeps its type), loaded lazily so the host's entry
 * chunk does not grow with it, and rendered inside Traceboard's scope so its tokens and theme
 * apply there too.
 */
export function withTraceboardScope<C extends Component>(load: () => Promise<{ default: C }>, name: string): C {
  const inner = defineAsyncComponent(load)
  return defineComponent({
    name,
    inheritAttrs: false,
    setup(_props, { attrs, slots }) {
      return () => h(TraceboardScope, null, { default: () => h(inner, attrs, slots) })
    },
  }) as unknown as C
}
