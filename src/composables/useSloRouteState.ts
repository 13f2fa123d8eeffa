import { computed, type WritableComputedRef } from 'vue'
import { useRoute } from 'vue-router'
import type { SloStatus } from '@/domain/slo/burnRateAlerts'
import { isSloSortKey, isSloStatus, type SloSortDir, type SloSortKey } from '@/stores/sloRanking'
import { firstQueryValue, useQueryUpdater } from '@/views/metrics/routeQuery'

/** The direction a user expects first for each sort: least budget, lowest SLI, fastest burn. */
export const DEFAULT_DIR: Readonly<Record<SloSortKey, SloSortDir>> = { worst: 'asc', budget: 'asc', sli: 'asc', burn: 'desc', name: 'asc', service: 'asc' }

export interface SloRouteState {
  selected: WritableComputedRef<string | undefined>
  service: WritableComputedRef<string | undefined>
  status: WritableComputedRef<SloStatus | undefined>
  sort: WritableComputedRef<SloSortKey>
  dir: WritableComputedRef<SloSortDir>
}

/**
 * The SLO page's state in the URL: `slo` (selected), `service`, `status`, `sort`, `dir`.
 * Defaults are left out of the URL; unknown values read as the default. Selecting an SLO is a
 * history step (back returns to the list as it was); filters and sorting replace.
 */
export function useSloRouteState(): SloRouteState {
  const route = useRoute()
  const update = useQueryUpdater()
  const q = (key: string): string | undefined => firstQueryValue(route.query[key]) || undefined
  const sortKey = (): SloSortKey => {
    const s = q('sort')
    return isSloSortKey(s) ? s : 'worst'
  }
  return {
    selected: computed({ get: () => q('slo'), set: (v) => void update({ slo: v }, true) }),
    service: computed({ get: () => q('service'), set: (v) => void update({ service: v }) }),
    status: computed({
      get: () => {
        const s = q('status')
        return isSloStatus(s) ? s : undefined
      },
      set: (v) => void update({ status: v }),
    }),
    sort: computed({
      get: sortKey,
      // A new sort starts in its natural direction.
      set: (v) => void update({ sort: v === 'worst' ? undefined : v, dir: undefined }),
    }),
    dir: computed({
      get: () => {
        const d = q('dir')
        return d === 'asc' || d === 'desc' ? d : DEFAULT_DIR[sortKey()]
      },
      set: (v) => void update({ dir: v === DEFAULT_DIR[sortKey()] ? undefined : v }),
    }),
  }
}
