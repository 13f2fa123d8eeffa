import type { RequestState } from './requestState'

/** Every `error.type` the gateway itself answers with, so the UI can tell them apart. */
export type GatewayErrorType =
  | 'bad_path'
  | 'not_found'
  | 'forbidden_path'
  | 'forbidden_method'
  | 'forbidden_query'
  | 'forbidden_index'
  | 'forbidden_body'
  | 'cross_site'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'request_too_large'
  | 'unsupported_media_type'
  | 'bad_request'
  | 'upstream_unauthorized'
  | 'upstream_timeout'
  | 'upstream_unreachable'
  | 'response_too_large'
  | 'bad_upstream_response'
  | 'identity_unavailable'
  | 'internal'

/** A refusal or failure the gateway answers itself, as `{error: {type, message}}`. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly type: GatewayErrorType,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = 'GatewayError'
  }
}

/** The JSON body of every gateway error. */
export function errorBody(type: GatewayErrorType, message: string): { error: { type: GatewayErrorType; message: string } } {
  return { error: { type, message } }
}

/** The part of a Fastify reply the gateway's senders use (any server flavour of FastifyReply fits). */
export interface ReplyLike {
  readonly sent: boolean
  readonly request: { tb: RequestState | undefined }
  code(statusCode: number): unknown
  header(key: string, value: string): unknown
  removeHeader(key: string): unknown
  getHeader(key: string): unknown
  send(payload?: unknown): unknown
}

/** Sends a GatewayError (replacing whatever an upstream response had set). */
export function sendGatewayError(reply: ReplyLike, error: GatewayError): void {
  if (reply.request.tb) reply.request.tb.errorType = error.type
  reply.removeHeader('content-length')
  reply.removeHeader('retry-after')
  reply.code(error.status)
  reply.header('content-type', 'application/json; charset=utf-8')
  for (const [k, v] of Object.entries(error.headers)) reply.header(k, v)
  reply.send(JSON.stringify(errorBody(error.type, error.message)))
}
