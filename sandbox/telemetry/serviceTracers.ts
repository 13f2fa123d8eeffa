import type { Tracer } from '@opentelemetry/api'
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources'
import { BasicTracerProvider, type IdGenerator, type SpanProcessor } from '@opentelemetry/sdk-trace-base'
import { SERVICE_VERSIONS, SERVICES, type ServiceName } from '../model/topology'

/** One OpenTelemetry tracer provider per simulated service, as each would run in its own process. */
export interface ServiceTracers {
  tracer(service: ServiceName, scope: string): Tracer
  shutdown(): Promise<void>
}

export function createServiceTracers(processor: SpanProcessor, idGenerator: IdGenerator): ServiceTracers {
  const providers = new Map<ServiceName, BasicTracerProvider>()
  for (const service of SERVICES) {
    const resource = defaultResource().merge(
      resourceFromAttributes({
        'service.name': service,
        'service.version': SERVICE_VERSIONS[service],
        'service.namespace': 'sandbox',
        'service.instance.id': `${service}-0`,
        'deployment.environment.name': 'demo',
        'host.name': `${service}-0.sandbox.internal`,
      }),
    )
    providers.set(service, new BasicTracerProvider({ resource, idGenerator, spanProcessors: [processor] }))
  }
  return {
    tracer(service, scope) {
      const provider = providers.get(service)
      if (!provider) throw new Error(`unknown service ${service}`)
      return provider.getTracer(scope)
    },
    async shutdown() {
      await Promise.all([...providers.values()].map((p) => p.shutdown()))
    },
  }
}
