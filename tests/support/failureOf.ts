import { BackendRequestError, type BackendFailure } from '@/services/errors'

/** Awaits a service call that must fail and returns its typed failure. */
export async function failureOf(p: Promise<unknown>): Promise<BackendFailure> {
  try {
    await p
  } catch (e) {
    if (e instanceof BackendRequestError) return e.failure
    throw e
  }
  throw new Error('expected the call to fail')
}
