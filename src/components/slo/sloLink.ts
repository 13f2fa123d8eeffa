import type { RouteLocationRaw } from 'vue-router'
import { ROUTE } from '@/module/routeNames'

/** The SLO page, optionally with one SLO selected and/or filtered to one service. */
export function sloLink(input: { slo?: string; service?: string } = {}): RouteLocationRaw {
  const query: Record<string, string> = {}
  if (input.service) query.service = input.service
  if (input.slo) query.slo = input.slo
  return { name: ROUTE.slos, query }
}
