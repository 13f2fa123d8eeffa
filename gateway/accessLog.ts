import type { FastifyReply, FastifyRequest } from 'fastify'
import './http/requestState'

/** One access log line. No query string (it can carry search text, i.e. PII), no body, no header. */
export interface AccessLogLine {
  time: string
  user: string | null
  backend: string
  method: string
  path: string
  status: number
  durationMs: number
  /** The gateway's own refusal/failure type, when it answered itself. */
  error?: string
}

const MAX_PATH = 512

/** Builds the line for a finished request. */
export function accessLogLine(request: FastifyRequest, reply: FastifyReply, now: () => number = Date.now): AccessLogLine {
  const raw = request.raw.url ?? ''
  const q = raw.indexOf('?')
  const path = (q < 0 ? raw : raw.slice(0, q)).slice(0, MAX_PATH)
  const line: AccessLogLine = {
    time: new Date(now()).toISOString(),
    user: request.tb?.user ?? null,
    backend: request.tb?.backend ?? 'app',
    method: request.method,
    path,
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
  }
  if (request.tb?.errorType) line.error = request.tb.errorType
  return line
}
