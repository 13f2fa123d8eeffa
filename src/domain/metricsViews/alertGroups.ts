/**
 * Active alerts (`/api/v1/alerts`) grouped by the service they are about. Alert rules name the
 * service with whatever label their expression kept, so several conventional labels are tried,
 * the RED preset's own service label first.
 */
import type { Alert } from '../metrics/types'

export const SERVICE_LABEL_CANDIDATES = ['service', 'service_name', 'application', 'app', 'job'] as const

export interface AlertRow {
  name: string
  /** The `severity` label, '' when the rule sets none. */
  severity: string
  state: 'firing' | 'pending'
  service: string | undefined
  /** Unix seconds the alert became active. */
  sinceS: number | undefined
  /** The value of the alert expression; undefined for NaN. */
  value: number | undefined
  summary: string | undefined
  description: string | undefined
  /** Every annotation except summary/description, sorted. */
  otherAnnotations: [string, string][]
  /** Every label except alertname/severity, sorted. */
  labels: [string, string][]
}

export interface AlertGroup {
  /** undefined: the alert carries no service label at all. */
  service: string | undefined
  firing: number
  pending: number
  alerts: AlertRow[]
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, page: 0, error: 1, high: 1, warning: 2, warn: 2, medium: 2, info: 3, low: 3, none: 4 }

function severityRank(s: string): number {
  return SEVERITY_RANK[s.toLowerCase()] ?? 5
}

/** The service an alert is about: the preferred label (the preset's), then conventional ones. */
export function alertService(labels: Readonly<Record<string, string>>, preferredLabel?: string): string | undefined {
  const order = preferredLabel ? [preferredLabel, ...SERVICE_LABEL_CANDIDATES] : SERVICE_LABEL_CANDIDATES
  for (const l of order) {
    const v = labels[l]
    if (v !== undefined && v !== '') return v
  }
  return undefined
}

const sorted = (r: Readonly<Record<string, string>>, skip: readonly string[]): [string, string][] =>
  Object.entries(r)
    .filter(([k]) => !skip.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** One display row per firing or pending alert (inactive ones are dropped). */
export function toAlertRows(alerts: readonly Alert[], preferredLabel?: string): AlertRow[] {
  const rows: AlertRow[] = []
  for (const a of alerts) {
    const state = a.state === 'firing' ? 'firing' : a.state === 'pending' ? 'pending' : undefined
    if (state === undefined) continue
    rows.push({
      name: a.labels.alertname ?? '',
      severity: a.labels.severity ?? '',
      state,
      service: alertService(a.labels, preferredLabel),
      sinceS: a.activeAtS,
      value: Number.isFinite(a.value) ? a.value : undefined,
      summary: a.annotations.summary,
      description: a.annotations.description,
      otherAnnotations: sorted(a.annotations, ['summary', 'description']),
      labels: sorted(a.labels, ['alertname', 'severity']),
    })
  }
  return rows
}

function compareRows(a: AlertRow, b: AlertRow): number {
  return (
    (a.state === b.state ? 0 : a.state === 'firing' ? -1 : 1) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    (a.sinceS ?? Infinity) - (b.sinceS ?? Infinity) ||
    a.name.localeCompare(b.name)
  )
}

/**
 * Groups by service, worst first: groups with firing alerts before pending-only ones, then by
 * their most severe alert, then by name; alerts without a service last.
 */
export function groupAlertsByService(alerts: readonly Alert[], preferredLabel?: string): AlertGroup[] {
  const groups = new Map<string | undefined, AlertGroup>()
  for (const row of toAlertRows(alerts, preferredLabel)) {
    let g = groups.get(row.service)
    if (!g) {
      g = { service: row.service, firing: 0, pending: 0, alerts: [] }
      groups.set(row.service, g)
    }
    g.alerts.push(row)
    if (row.state === 'firing') g.firing++
    else g.pending++
  }
  const list = [...groups.values()]
  for (const g of list) g.alerts.sort(compareRows)
  const worst = (g: AlertGroup): number => Math.min(...g.alerts.map((r) => severityRank(r.severity)))
  return list.sort(
    (a, b) =>
      (a.service === undefined ? 1 : 0) - (b.service === undefined ? 1 : 0) ||
      (b.firing > 0 ? 1 : 0) - (a.firing > 0 ? 1 : 0) ||
      worst(a) - worst(b) ||
      b.firing - a.firing ||
      (a.service ?? '').localeCompare(b.service ?? ''),
  )
}

/** Firing alerts per service, for the badges on the overview cards. */
export function firingCountByService(alerts: readonly Alert[], preferredLabel?: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const a of alerts) {
    if (a.state !== 'firing') continue
    const s = alertService(a.labels, preferredLabel)
    if (s !== undefined) counts.set(s, (counts.get(s) ?? 0) + 1)
  }
  return counts
}
