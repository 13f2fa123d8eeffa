import { Counter, Histogram, Registry, type RegistryContentType } from 'prom-client'
import { SERVICES } from '../model/topology'
import {
  HTTP_DURATION,
  HTTP_DURATION_BUCKETS_S,
  HTTP_LABEL_NAMES,
  SPAN_CALLS,
  SPAN_DURATION,
  SPAN_DURATION_BUCKETS_MS,
  SPAN_LABEL_NAMES,
} from './metricNames'
import { httpMetricLabels, spanMetricLabels, type SpanFacts } from './spanFacts'

interface ServiceRegistry {
  registry: Registry<RegistryContentType>
  calls: Counter<string>
  duration: Histogram<string>
  http: Histogram<string>
}

/**
 * One prom-client registry per simulated service, served at `/metrics/<service>` so each is
 * its own scrape job (`job` = service, the label OTel HTTP semconv dashboards group by).
 * With exemplars on, the registry speaks OpenMetrics and the spanmetrics histogram carries
 * `trace_id` exemplars (Prometheus needs `--enable-feature=exemplar-storage`).
 */
export class ServiceMetrics {
  private readonly byService = new Map<string, ServiceRegistry>()

  constructor(private readonly exemplars: boolean) {
    for (const service of SERVICES) {
      const registry = new Registry<RegistryContentType>()
      registry.setContentType(exemplars ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE)
      this.byService.set(service, {
        registry,
        calls: new Counter({ name: SPAN_CALLS, help: 'Spans by service, name, kind and status (spanmetrics connector).', labelNames: [...SPAN_LABEL_NAMES], registers: [registry] }),
        duration: new Histogram({
          name: SPAN_DURATION,
          help: 'Span duration in milliseconds (spanmetrics connector).',
          labelNames: [...SPAN_LABEL_NAMES],
          buckets: [...SPAN_DURATION_BUCKETS_MS],
          registers: [registry],
          enableExemplars: exemplars,
        }),
        http: new Histogram({
          name: HTTP_DURATION,
          help: 'Duration of HTTP server requests (OTel semconv http.server.request.duration).',
          labelNames: [...HTTP_LABEL_NAMES],
          buckets: [...HTTP_DURATION_BUCKETS_S],
          registers: [registry],
        }),
      })
    }
  }

  /** Counts one finished span, as the spanmetrics connector and an HTTP server instrumentation would. */
  record(f: SpanFacts): void {
    const r = this.byService.get(f.service)
    if (!r) return
    const labels = spanMetricLabels(f)
    r.calls.inc(labels)
    if (this.exemplars && f.traceId) {
      r.duration.observe({ labels, value: f.durationMs, exemplarLabels: { trace_id: f.traceId } })
    } else {
      r.duration.observe(labels, f.durationMs)
    }
    const http = httpMetricLabels(f)
    if (http) r.http.observe(http, f.durationMs / 1000)
  }

  /** The exposition of one service, or undefined for an unknown service. */
  async render(service: string): Promise<{ contentType: string; body: string } | undefined> {
    const r = this.byService.get(service)
    if (!r) return undefined
    return { contentType: r.registry.contentType, body: await r.registry.metrics() }
  }
}
