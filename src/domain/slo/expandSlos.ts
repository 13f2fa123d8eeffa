/**
 * The SLO list of a page from the install options (`slos: { defaults, services }`) and the
 * services Prometheus reports: every discovered service gets every default, `services[name]`
 * adds to them, and a service named there but not discovered still gets its SLOs (the page
 * then shows it as no data instead of hiding a promise the host wrote down).
 *
 * Names are the `slo` label of exported rules, so they must stay the same from one refresh to
 * the next and from one install to the next. Derived names are `<service>-availability` and
 * `<service>-latency-<ms>ms` (`<service>-<operation>-…` with an operation); a service or
 * operation that is not already SLO_NAME-safe is normalised (unsafe runs become `_`, cut to
 * fit) AND suffixed with a hash of the original text, so two odd names that normalise alike
 * ("a b", "a/b") still get different names whatever other services exist. An explicit name is
 * kept as written in `services`, and prefixed with the service in `defaults` (it applies to
 * every service). Whatever still collides gets `-2`, `-3`… in the (sorted) output order.
 */
import { SLO_NAME, type SloDefinition, type SloOptions, type SloSpec } from './sloDefinition'

const MAX_NAME = 100
const UNSAFE = /[^A-Za-z0-9_.:-]+/g

/** FNV-1a over UTF-16 code units: a short, deterministic tag for a normalised name. */
function hashTag(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/** `text` as a name part of at most `max` characters, unchanged when it already is one. */
export function sloNamePart(text: string, max = 40): string {
  if (SLO_NAME.test(text) && text.length <= max) return text
  const tag = `-${hashTag(text)}`
  let slug = text.replace(UNSAFE, '_').replace(/^[^A-Za-z0-9]+/, '')
  slug = slug.slice(0, Math.max(1, max - tag.length))
  return `${slug === '' ? 'x' : slug}${tag}`
}

function formatMs(ms: number): string {
  return String(Number(ms.toPrecision(12)))
}

function derivedName(service: string, spec: SloSpec): string {
  const parts = [sloNamePart(service)]
  if (spec.operation !== undefined) parts.push(sloNamePart(spec.operation))
  parts.push(spec.kind === 'availability' ? 'availability' : `latency-${sloNamePart(formatMs(spec.thresholdMs ?? 0), 20)}ms`)
  return parts.join('-')
}

function toDefinition(service: string, spec: SloSpec, name: string): SloDefinition {
  const base = { name, service, objectivePercent: spec.objective, window: spec.window, ...(spec.operation === undefined ? {} : { operation: spec.operation }) }
  if (spec.kind === 'availability') return { ...base, kind: 'availability' }
  // Install-time validation refuses this (options.ts); a typed caller could still pass it.
  if (spec.thresholdMs === undefined) throw new Error(`latency SLO "${name}" of service "${service}" has no thresholdMs`)
  return { ...base, kind: 'latency', thresholdMs: spec.thresholdMs }
}

/** `wanted`, or `wanted-2`, `wanted-3`… (cut to fit) — the first one not in `taken`. */
function unique(wanted: string, taken: Set<string>): string {
  const fit = wanted.length <= MAX_NAME && SLO_NAME.test(wanted) ? wanted : sloNamePart(wanted, MAX_NAME)
  let name = fit
  for (let n = 2; taken.has(name); n++) name = `${fit.slice(0, MAX_NAME - `-${n}`.length)}-${n}`
  taken.add(name)
  return name
}

/** Code-unit order: the same on every machine and locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function expandSlos(options: SloOptions, serviceNames: readonly string[]): SloDefinition[] {
  const services = [...new Set([...serviceNames, ...Object.keys(options.services)])].sort(byCodeUnit)
  const planned: { service: string; spec: SloSpec; explicit: boolean; wanted: string }[] = []
  for (const service of services) {
    for (const spec of options.defaults) {
      const wanted = spec.name === undefined ? derivedName(service, spec) : `${sloNamePart(service)}-${spec.name}`
      planned.push({ service, spec, explicit: false, wanted })
    }
    for (const spec of Object.hasOwn(options.services, service) ? (options.services[service] ?? []) : []) {
      planned.push({ service, spec, explicit: spec.name !== undefined, wanted: spec.name ?? derivedName(service, spec) })
    }
  }
  // Names the host wrote win over derived ones that happen to be equal.
  const taken = new Set<string>()
  const names = new Map<number, string>()
  planned.forEach((p, i) => p.explicit && names.set(i, unique(p.wanted, taken)))
  planned.forEach((p, i) => p.explicit || names.set(i, unique(p.wanted, taken)))
  return planned.map((p, i) => toDefinition(p.service, p.spec, names.get(i) ?? p.wanted))
}
