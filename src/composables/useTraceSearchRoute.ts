import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type RouteLocationRaw } from 'vue-router'
import { formFromQuery, type TraceSearchForm } from '@/domain/traceQuery/searchForm'
import { tagsToRecord } from '@/domain/traceQuery/tagFilters'
import { tracesLink, type TracesLinkInput } from '@/module/links'
import { ROUTE } from '@/module/routeNames'
import { DEFAULT_LIMIT } from '@/domain/traceQuery/searchForm'

/** The form as `tracesLink` input: the URL is written by links.ts, the one place that names it. */
export function formToLinkInput(form: TraceSearchForm): TracesLinkInput {
  const input: TracesLinkInput = { range: form.range }
  if (form.service) input.service = form.service
  if (form.operation) input.operation = form.operation
  if (form.tags.length > 0) input.tags = tagsToRecord(form.tags)
  if (form.errorsOnly) input.errorsOnly = true
  if (form.minDuration) input.minDuration = form.minDuration
  if (form.maxDuration) input.maxDuration = form.maxDuration
  if (form.limit !== DEFAULT_LIMIT) input.limit = form.limit
  if (form.sort !== 'newest') input.sort = form.sort
  return input
}

/** The search page's location for a form; pasted ids (`ids=`) replace the search itself. */
export function traceSearchLocation(form: TraceSearchForm): RouteLocationRaw {
  if (form.ids.length > 0) return { name: ROUTE.traces, query: { ids: form.ids, ...(form.sort !== 'newest' ? { sort: form.sort } : {}) } }
  return tracesLink(formToLinkInput(form))
}

/** Reads the search form from the URL and writes it back (each search is a history entry). */
export function useTraceSearchRoute(): {
  form: ComputedRef<TraceSearchForm>
  /** A stable key of what the URL asks for, to re-run the search only when it changes. */
  key: ComputedRef<string>
  submit(form: TraceSearchForm): Promise<void>
  /** Changes that do not ask the backend again (sort) replace the history entry. */
  replace(patch: Partial<TraceSearchForm>): Promise<void>
} {
  const route = useRoute()
  const router = useRouter()
  const form = computed(() => formFromQuery(route.query as LocationQuery))
  const key = computed(() => {
    const { sort: _sort, ...rest } = form.value
    return JSON.stringify(rest)
  })
  return {
    form,
    key,
    submit: async (f) => {
      await router.push(traceSearchLocation(f))
    },
    replace: async (patch) => {
      await router.replace(traceSearchLocation({ ...form.value, ...patch }))
    },
  }
}
