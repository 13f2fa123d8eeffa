import type { FastifyRequest } from 'fastify'
import type { BackendKey, VerifyIdentity } from '../config/configSchema'
import type { ResolvedGatewayConfig } from '../config/resolveConfig'
import type { FieldMasker } from '../masking/fieldMasker'
import type { SecretScrubber } from '../masking/scrubSecrets'
import type { PitRegistry } from '../policy/pitRegistry'
import type { RouteRule } from '../policy/routeTable'

export type RateLimitCheck = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; ttlInSeconds: number }>

/** Everything the API routes share, built once by createGateway. */
export interface GatewayContext {
  resolved: ResolvedGatewayConfig
  verify: VerifyIdentity
  rateLimit: RateLimitCheck
  routes: Partial<Record<BackendKey, readonly RouteRule[]>>
  logMasker: FieldMasker
  traceMasker: FieldMasker
  pits: PitRegistry
  scrub: SecretScrubber
}

/** The request's media type without parameters, lowercased (`application/json`). */
export function mediaType(request: FastifyRequest): string | undefined {
  const ct = request.headers['content-type']
  return typeof ct === 'string' ? ct.split(';')[0]?.trim().toLowerCase() : undefined
}
