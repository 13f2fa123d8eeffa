import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coarseGaps } from '../../sandbox/backfill/runBackfill'
import { sampleTimes, simulateWindow, writeOpenMetrics } from '../../sandbox/backfill/openMetricsBackfill'
import { dailyFactor } from '../../sandbox/backfill/trafficShape'
import { SPAN_DURATION_BUCKETS_MS } from '../../sandbox/metrics/metricNames'
import { factsFromPlan, factsFromReadable, httpMetricLabels, spanMetricLabels } from '../../sandbox/metrics/spanFacts'
import { flattenPlan } from '../../sandbox/model/requestPlan'
import { hrTimeToMs } from '../../sandbox/telemetry/hrTime'
import { emitWithSdk, planMany } from './sandboxFixtures'

const STEP = 120
const END = Math.floor(Date.UTC(2026, 10, 20, 15, 0, 0) / 1000 / STEP) * STEP
const window = { times: sampleTimes(END - 3600 + STEP, END, STEP, [{ lastS: 600, stepS: 15 }]), scale: 1 }
const first = window.times[0] ?? 0
const last = window.times[window.times.length - 1] ?? 0
const series = simulateWindow(window, { seed: 3, ratePerS: 5, samplesPerStep: 6, instance: 'sandbox' })
let text = ''
const samples = writeOpenMetrics(series, window, (chunk) => {
  text += chunk
})
const lines = text.split('\n').filter((l) => l !== '')
const sampleLines = lines.filter((l) => !l.startsWith('#'))

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
  ts: number
}
const parsed: Sample[] = sampleLines.map((line) => {
  const m = /^([a-z_]+)\{(.*)\} (\S+) (\S+)$/.exec(line)
  if (!m) throw new Error(`not an OpenMetrics sample line: ${line}`)
  const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]))
  return { name: m[1] ?? '', labels, value: Number(m[3]), ts: Number(m[4]) }
})
const key = (s: Sample, drop: string[] = []) =>
  s.name + JSON.stringify(Object.entries(s.labels).filter(([k]) => !drop.includes(k)).sort())

describe('backfill sample times', () => {
  // What Traceboard's charts need: rate windows of max(60 s, 2 steps), 5 m for the overview.
  const times = sampleTimes(0, 24 * 3600 - 15, 120, [{ lastS: 3600, stepS: 15 }, { lastS: 3 * 3600, stepS: 60 }])
  const end = times[times.length - 1] ?? 0
  const samplesIn = (from: number, to: number) => times.filter((x) => x >= from && x <= to).length

  it('are coarse over the day and finer over the last 3 hours and the last hour', () => {
    expect(times[0]).toBe(0)
    expect(end).toBe(24 * 3600 - 15)
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0))
    expect(gaps.every((g) => g > 0 && g <= 120)).toBe(true)
    expect(gaps.filter((g) => ![120, 60, 15].includes(g)).length).toBeLessThanOrEqual(2)
    expect(gaps.slice(-240).every((g) => g === 15)).toBe(true)
  })

  it('give every chart window at least two samples', () => {
    for (let t = 300; t <= end; t += 7) expect(samplesIn(t - 300, t), `5m window at ${t}`).toBeGreaterThanOrEqual(2)
    for (let t = end - 3 * 3600 + 120; t <= end; t += 11) expect(samplesIn(t - 120, t), `2m window at ${t}`).toBeGreaterThanOrEqual(2)
    for (let t = end - 3600 + 60; t <= end; t += 5) expect(samplesIn(t - 60, t), `1m window at ${t}`).toBeGreaterThanOrEqual(2)
  })
})

describe('backfill OpenMetrics', () => {
  it('ends with # EOF and declares each family once', () => {
    expect(text.endsWith('# EOF\n')).toBe(true)
    expect(lines.filter((l) => l === '# EOF')).toHaveLength(1)
    const types = lines.filter((l) => l.startsWith('# TYPE'))
    expect(types).toEqual([
      '# TYPE traces_span_metrics_calls counter',
      '# TYPE traces_span_metrics_duration_milliseconds histogram',
      '# TYPE http_server_request_duration_seconds histogram',
    ])
    expect(samples).toBe(sampleLines.length)
  })

  it('uses whole-second timestamps inside the window (never milliseconds)', () => {
    const bad = parsed.filter((s) => !Number.isInteger(s.ts) || s.ts < first || s.ts > last || s.ts >= 1e10)
    expect(bad).toEqual([])
    expect(parsed.length).toBeGreaterThan(1000)
  })

  it('writes each series in time order with monotonic counters', () => {
    const bySeries = new Map<string, Sample[]>()
    for (const s of parsed) {
      const list = bySeries.get(key(s)) ?? []
      list.push(s)
      bySeries.set(key(s), list)
    }
    expect(bySeries.size).toBeGreaterThan(50)
    const problems: string[] = []
    for (const [k, list] of bySeries) {
      if (list.length !== window.times.length) problems.push(`${k}: ${list.length} samples`)
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]
        const cur = list[i]
        if (!prev || !cur) continue
        if (cur.ts !== window.times[i]) problems.push(`${k}: out of order at ${cur.ts}`)
        if (cur.value < prev.value) problems.push(`${k}: decreases at ${cur.ts}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('keeps histogram buckets cumulative over le, with +Inf equal to _count', () => {
    const buckets = parsed.filter((s) => s.name === 'traces_span_metrics_duration_milliseconds_bucket')
    const groups = new Map<string, Sample[]>()
    for (const s of buckets) {
      const k = `${key(s, ['le'])}@${s.ts}`
      const list = groups.get(k) ?? []
      list.push(s)
      groups.set(k, list)
    }
    const counts = new Map(parsed.filter((s) => s.name.endsWith('_milliseconds_count')).map((s) => [`${key({ ...s, name: 'traces_span_metrics_duration_milliseconds_bucket' })}@${s.ts}`, s.value]))
    const les = [...SPAN_DURATION_BUCKETS_MS.map(String), '+Inf'].join(',')
    const problems: string[] = []
    for (const [k, group] of groups) {
      if (group.map((s) => s.labels.le).join(',') !== les) problems.push(`${k}: buckets ${group.map((s) => s.labels.le).join(',')}`)
      for (let i = 1; i < group.length; i++) if ((group[i]?.value ?? 0) < (group[i - 1]?.value ?? 0)) problems.push(`${k}: not cumulative`)
      if (group[group.length - 1]?.value !== counts.get(k)) problems.push(`${k}: +Inf != _count`)
    }
    expect(groups.size).toBeGreaterThan(100)
    expect(problems).toEqual([])
  })

  it('labels series exactly as the live endpoints do, plus job and instance', () => {
    const calls = parsed.filter((s) => s.name === 'traces_span_metrics_calls_total')
    expect(calls.every((s) => s.labels.job === s.labels.service_name && s.labels.instance === 'sandbox')).toBe(true)
    expect(calls.some((s) => s.labels.tenant_id !== undefined && s.labels.span_kind === 'SPAN_KIND_SERVER')).toBe(true)
    const http = parsed.filter((s) => s.name === 'http_server_request_duration_seconds_count')
    expect(Object.keys(http[0]?.labels ?? {}).sort()).toEqual(['http_request_method', 'http_response_status_code', 'http_route', 'instance', 'job'])
    // One labelling function serves planned spans (backfill) and SDK spans (live).
    const [plan] = planMany(8, 'steady', 1)
    const [emitted] = emitWithSdk(plan ? [plan] : [])
    for (const planned of plan ? flattenPlan(plan.root) : []) {
      const live = emitted?.spans.find((s) => s.name === planned.name && Math.abs(hrTimeToMs(s.startTime) - planned.startMs) < 0.01)
      expect(live).toBeDefined()
      if (!live) continue
      expect(spanMetricLabels(factsFromReadable(live))).toEqual(spanMetricLabels(factsFromPlan(planned)))
      expect(httpMetricLabels(factsFromReadable(live))).toEqual(httpMetricLabels(factsFromPlan(planned)))
    }
  })

  it('follows the daily rhythm: busy early afternoon, quiet at night', () => {
    const at = (h: number) => dailyFactor(new Date(2026, 10, 20, h, 0, 0).getTime())
    expect(at(14)).toBeCloseTo(1, 5)
    expect(at(3)).toBeLessThan(0.35)
    expect(at(10)).toBeGreaterThan(at(6))
  })
})

describe('backfill of the SLO month', () => {
  it('fills every stretch no fine window covers, a step clear of each, never overlapping one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 200_000 })), { maxLength: 5 }),
        fc.integer({ min: 60, max: 7200 }),
        (raw, stepS) => {
          const fromS = 0
          // Fine windows as the backfill makes them: disjoint.
          const fine: [number, number][] = []
          for (const [start, length] of raw.sort((a, b) => a[0] - b[0])) {
            const prev = fine[fine.length - 1]
            if (prev && start <= prev[1] + stepS) continue
            fine.push([start, start + length])
          }
          const gaps = coarseGaps(fromS, fine, stepS)
          for (const [a, b] of gaps) {
            expect(a % stepS).toBe(0)
            expect(b % stepS).toBe(0)
            expect(a).toBeLessThan(b)
            for (const [s, e] of fine) expect(b < s || a > e, `gap ${a}-${b} overlaps ${s}-${e}`).toBe(true)
          }
          for (let i = 1; i < gaps.length; i++) expect(gaps[i]![0]).toBeGreaterThan(gaps[i - 1]![1])
          // Nothing left uncovered but the step next to each fine window and the tail after the last.
          const lastFineEnd = Math.max(-Infinity, ...fine.map((f) => f[1]))
          for (let t = 0; t <= Math.min(lastFineEnd, 2_000_000); t += stepS * 97) {
            const covered = gaps.some(([a, b]) => t >= a && t <= b) || fine.some(([s, e]) => t >= s - 2 * stepS && t <= e + 2 * stepS)
            expect(covered, `t=${t} uncovered`).toBe(true)
          }
        },
      ),
    )
  })

  it('plans the incident’s scenario only from its start: error-burst errors after, steady before', () => {
    const endS = END
    const incidentWindow = { times: sampleTimes(endS - 1800, endS, 60), scale: 1, incident: { scenario: 'error-burst' as const, fromS: endS - 600 } }
    const burst = simulateWindow(incidentWindow, { seed: 5, ratePerS: 20, samplesPerStep: 40, instance: 'sandbox' })
    const errorsAt = (from: number, to: number): number => {
      let errors = 0
      let total = 0
      for (const c of burst.calls.values()) {
        if (c.labels.service_name !== 'business-service' || c.labels.span_kind !== 'SPAN_KIND_SERVER') continue
        incidentWindow.times.forEach((t, i) => {
          if (t <= from || t > to) return
          total += c.perStep[i] ?? 0
          if (c.labels.status_code === 'STATUS_CODE_ERROR') errors += c.perStep[i] ?? 0
        })
      }
      return errors / total
    }
    expect(errorsAt(endS - 1800, endS - 660)).toBeLessThan(0.02)
    expect(errorsAt(endS - 540, endS)).toBeGreaterThan(0.15)
  })
})
