import { describe, expect, it } from 'vitest'
import { extractKnownBackendError } from '@/services/httpFailures'

// Error envelopes as the real servers (and our gateway) send them.
describe('extractKnownBackendError', () => {
  it('names the engine’s own reason behind an OpenSearch "all shards failed"', () => {
    const cause = { type: 'parse_exception', reason: 'failed to parse date field [yesterday]' }
    expect(extractKnownBackendError({ error: { root_cause: [cause], type: 'search_phase_execution_exception', reason: 'all shards failed', caused_by: cause }, status: 400 })).toEqual({
      errorType: 'search_phase_execution_exception',
      message: 'all shards failed: parse_exception: failed to parse date field [yesterday]',
    })
  })

  it('does not repeat a root cause that is the error itself', () => {
    const e = { type: 'index_not_found_exception', reason: 'no such index [logs-x]' }
    expect(extractKnownBackendError({ error: { ...e, root_cause: [e] }, status: 404 })).toEqual({ errorType: e.type, message: e.reason })
  })

  it('keeps the message of the gateway’s own envelope {error: {type, message}}', () => {
    expect(extractKnownBackendError({ error: { type: 'upstream_unreachable', message: 'cannot reach logs' } })).toEqual({
      errorType: 'upstream_unreachable',
      message: 'cannot reach logs',
    })
  })

  it('reads Jaeger v2’s {error: {httpCode, message}} and v1’s {errors: [{code, msg}]}', () => {
    expect(extractKnownBackendError({ error: { httpCode: 400, message: 'query.start_time_min and query.start_time_max are required' } })).toEqual({
      errorType: '400',
      message: 'query.start_time_min and query.start_time_max are required',
    })
    expect(extractKnownBackendError({ data: null, errors: [{ code: 400, msg: "parameter 'service' is required" }] })).toEqual({
      errorType: '400',
      message: "parameter 'service' is required",
    })
  })
})
