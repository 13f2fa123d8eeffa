import { logsEn } from './features/logs.en'
import { metricsEn } from './features/metrics.en'
import { tracesEn } from './features/traces.en'
import { sloEn } from './features/slo.en'
import type { Widen } from './widen'

/**
 * English strings; `ko.ts` must provide every key (the type checker enforces it). Each view
 * area keeps its strings in its own pair of files under features/.
 */
export const en = {
  metrics: metricsEn,
  traces: tracesEn,
  slo: sloEn,
  logs: logsEn,
  app: {
    title: 'Traceboard',
    nav: { dependencies: 'Dependencies', overview: 'Overview', traces: 'Traces', logs: 'Logs', slos: 'SLOs', alerts: 'Alerts', connections: 'Connections' },
  },
  backend: {
    metrics: 'Metrics (Prometheus)',
    traces: 'Traces ({kind})',
    logs: 'Logs ({flavour})',
    notConfigured: 'Not configured',
    checking: 'Checking…',
    reachable: 'Connected',
    retry: 'Check again',
    version: 'Version {version}',
    preset: 'Metric convention: {preset}',
    presetUnknown: 'No known RED metric convention found (spanmetrics, OTel HTTP, Micrometer, prom-client…)',
    services: '{count} services',
    logsLastHour: '{count} log records in the last hour',
    logsLastHourAtLeast: '{count}+ log records in the last hour',
    traceField: 'Trace id field: {field}',
  },
  failure: {
    network: 'Cannot reach {backend}. Check the network or the gateway.',
    timeout: '{backend} did not answer within {seconds} s.',
    cancelled: 'The request to {backend} was cancelled.',
    http: '{backend} answered HTTP {status}: {message}',
    unauthorized: 'Not authorised for {backend}. Ask your administrator for access.',
    forbidden: 'Access to {backend} is forbidden for your account.',
    rateLimited: '{backend} is limiting requests; try again shortly.',
    badResponse: '{backend} sent a response Traceboard cannot read ({path}): {message}',
    backendError: '{backend} reported an error ({type}): {message}',
    invalidInput: 'Not sent to {backend}: {message}',
  },
  state: {
    loading: 'Loading…',
    empty: 'No data',
    partial: 'Partial result',
    stale: 'Stale data from {age} ago',
    updatedAgo: 'Updated {age} ago',
  },
  permission: {
    denied: 'You do not have permission to view this page ({permission}).',
  },
  notFound: {
    message: 'There is no page at {path}.',
    toStart: 'Go to the start page',
  },
} as const

export type Messages = Widen<typeof en>
