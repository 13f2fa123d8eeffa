import { ExportResultCode, type ExportResult } from '@opentelemetry/core'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin'
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base'
import { hrTimeToMs } from './hrTime'

/**
 * Where real servers take spans, each through the official OpenTelemetry exporter that a Node
 * service would use: Zipkin's `POST /api/v2/spans` (JSON v2) and OTLP/HTTP (`/v1/traces`, the
 * receiver of Jaeger v2).
 */
export interface RealTraceTargets {
  /** Zipkin base URL, e.g. http://127.0.0.1:9411 */
  zipkin?: string
  /** OTLP/HTTP receiver base URL, e.g. http://127.0.0.1:4318 */
  otlp?: string
}

export function realExporters(targets: RealTraceTargets): { name: 'zipkin' | 'jaeger'; exporter: SpanExporter }[] {
  const out: { name: 'zipkin' | 'jaeger'; exporter: SpanExporter }[] = []
  if (targets.zipkin) out.push({ name: 'zipkin', exporter: new ZipkinExporter({ url: `${targets.zipkin}/api/v2/spans` }) })
  if (targets.otlp) out.push({ name: 'jaeger', exporter: new OTLPTraceExporter({ url: `${targets.otlp}/v1/traces`, timeoutMillis: 30_000 }) })
  return out
}

function exportOnce(exporter: SpanExporter, spans: ReadableSpan[]): Promise<void> {
  return new Promise((resolve, reject) => {
    exporter.export(spans, (result: ExportResult) => {
      if (result.code === ExportResultCode.SUCCESS) resolve()
      else reject(new Error(`${exporter.constructor.name} export failed: ${result.error?.message ?? 'unknown error'}`))
    })
  })
}

/**
 * Sends `spans` to every target as a service's BatchSpanProcessor would: in the order they
 * ended, 512 a request (its default batch size). The order matters: Jaeger's memory store
 * answers a search with the traces it received last, not the ones that started last.
 * Resolves when each server has acknowledged every batch.
 */
export async function exportSpans(targets: RealTraceTargets, spans: readonly ReadableSpan[], batchSize = 512): Promise<void> {
  const exporters = realExporters(targets).map((e) => e.exporter)
  try {
    await Promise.all(exporters.map((e) => exportInBatches(e, spans, batchSize)))
  } finally {
    await Promise.all(exporters.map((e) => e.shutdown()))
  }
}

/** `spans` through one long-lived exporter (the live forwarder keeps its own), as above. */
export async function exportInBatches(exporter: SpanExporter, spans: readonly ReadableSpan[], batchSize = 512): Promise<void> {
  const ordered = [...spans].sort((a, b) => hrTimeToMs(a.endTime) - hrTimeToMs(b.endTime))
  for (let i = 0; i < ordered.length; i += batchSize) await exportOnce(exporter, ordered.slice(i, i + batchSize))
}
