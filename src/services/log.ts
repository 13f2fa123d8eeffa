import { describeFailure, type BackendFailure } from './errors'

/** Where failures are reported besides the UI; a host may route them to its own logging. */
export type FailureLogger = (failure: BackendFailure, text: string) => void

const consoleLogger: FailureLogger = (_failure, text) => console.warn(`[traceboard] ${text}`)
let current: FailureLogger = consoleLogger

export function setFailureLogger(logger: FailureLogger | undefined): void {
  current = logger ?? consoleLogger
}

export function logFailure(failure: BackendFailure): void {
  current(failure, describeFailure(failure))
}
