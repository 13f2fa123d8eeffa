import type { BackendKey } from '../config/configSchema'
import type { GatewayErrorType } from './gatewayError'

/** What the gateway learnt about one request, for the handler and the access log. */
export interface RequestState {
  startedAt: number
  backend?: BackendKey
  user?: string
  /** The allowed operation (`query`, `search`, `trace`…) once the allow-list matched. */
  op?: string
  segments?: string[]
  /** Raw query string without `?`. */
  query?: string
  params?: Record<string, string>
  /** Set when the gateway itself refused or failed the request. */
  errorType?: GatewayErrorType
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the gateway's first onRequest hook. */
    tb: RequestState
  }
}
