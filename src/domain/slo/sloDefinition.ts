/**
 * SLO definitions (issue 14): per service, optionally per operation, an availability SLI
 * (good = non-error requests) or a latency SLI (good = requests at or under a threshold, read
 * from histogram buckets), an objective in percent and a rolling window of 7, 28 or 30 days.
 *
 * The checks here return one readable message per problem, without the field path: the option
 * readers (src/module/options.ts) prefix it, so a host sees `slos.services.checkout.objective: …`.
 */

export const SLO_KINDS = ['availability', 'latency'] as const
export type SloKind = (typeof SLO_KINDS)[number]

export const SLO_WINDOWS = ['7d', '28d', '30d'] as const
export type SloWindow = (typeof SLO_WINDOWS)[number]

export const SLO_WINDOW_DAYS: Readonly<Record<SloWindow, number>> = { '7d': 7, '28d': 28, '30d': 30 }

interface SloBase {
  /**
   * Unique name, used as the `slo` label of exported rules and as a rule group name:
   * letters, digits and `_ . : -` only (see `SLO_NAME`).
   */
  name: string
  service: string
  /** Scope the SLO to one operation (the preset's operation label); whole service when absent. */
  operation?: string
  /** Percentage of good requests to reach, strictly between 0 and 100 (e.g. 99.9). */
  objectivePercent: number
  window: SloWindow
}

export interface AvailabilitySlo extends SloBase {
  kind: 'availability'
}

export interface LatencySlo extends SloBase {
  kind: 'latency'
  /** A request is good when it took at most this long; must be a histogram bucket bound. */
  thresholdMs: number
}

export type SloDefinition = AvailabilitySlo | LatencySlo

/** SLO names go into rule group names and the `slo` label unquoted in prose, so keep them plain. */
export const SLO_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/

export function sloNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'Invalid input: expected a string'
  return SLO_NAME.test(value)
    ? undefined
    : 'Invalid input: expected 1 to 100 letters, digits, _ . : - (starting with a letter or digit)'
}

export function objectiveProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 100) return undefined
  return `Invalid input: expected a percentage above 0 and below 100 (e.g. 99.9), got ${describe(value)}`
}

export function windowProblem(value: unknown): string | undefined {
  if ((SLO_WINDOWS as readonly unknown[]).includes(value)) return undefined
  return `Invalid input: expected one of ${SLO_WINDOWS.map((w) => `'${w}'`).join(', ')}, got ${describe(value)}`
}

export function kindProblem(value: unknown): string | undefined {
  if ((SLO_KINDS as readonly unknown[]).includes(value)) return undefined
  return `Invalid input: expected one of ${SLO_KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(value)}`
}

export function thresholdProblem(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return undefined
  return `Invalid input: expected a latency threshold in milliseconds above 0, got ${describe(value)}`
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** One SLO as a host writes it in the install options (issue 14); `objective` is a percentage, e.g. 99.9. */
export interface SloSpec {
  kind: SloKind
  objective: number
  window: SloWindow
  /** Latency SLOs only: a request is good at or under this, a histogram bucket bound. */
  thresholdMs?: number
  /** Scope to one operation of the service. */
  operation?: string
  /** Name used as the `slo` label; derived from service and kind when omitted. */
  name?: string
}

export interface SloOptions {
  /** SLOs every service gets. */
  defaults: SloSpec[]
  /** SLOs per service name, in addition to the defaults. */
  services: Record<string, SloSpec[]>
}
