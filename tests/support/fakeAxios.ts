import axios, { AxiosError, AxiosHeaders, CanceledError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios'

/** What a fake backend answers: a body (strings sent as they are), or a failed connection. */
export type FakeAxiosReply = { status?: number; body: unknown; delayMs?: number } | { networkError: true }

/**
 * An axios instance whose transport is a function: everything above the network (Traceboard's
 * HTTP client, schemas, error normalisation) runs for real. Abort signals are honoured the way
 * the real adapters honour them, also while an answer is delayed.
 */
export function fakeAxios(answer: (config: InternalAxiosRequestConfig, signal: AbortSignal | undefined) => FakeAxiosReply | Promise<FakeAxiosReply>): AxiosInstance {
  const adapter = async (config: InternalAxiosRequestConfig) => {
    const signal = config.signal as AbortSignal | undefined
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new CanceledError(undefined, undefined, config))
      signal?.addEventListener?.('abort', () => reject(new CanceledError(undefined, undefined, config)), { once: true })
    })
    const reply = await Promise.race([Promise.resolve(answer(config, signal)), aborted])
    if ('networkError' in reply) throw new AxiosError('Network Error', 'ERR_NETWORK', config, {})
    if (reply.delayMs) await Promise.race([new Promise((r) => setTimeout(r, reply.delayMs)), aborted])
    const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    const response = { data, status: reply.status ?? 200, statusText: '', headers: new AxiosHeaders(), config, request: {} }
    if (response.status >= 400) throw new AxiosError(`Request failed with status code ${response.status}`, 'ERR_BAD_RESPONSE', config, {}, response)
    return response
  }
  return axios.create({ adapter })
}
