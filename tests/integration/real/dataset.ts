import { Sandbox } from '../../../sandbox/sandbox'

/**
 * The one span and log set that every real-server test reads, and that the sandbox serves for
 * the parity checks: a seeded sandbox (fixed ids, fixed traffic), its clock frozen at `nowMs`,
 * 300 requests of the `error-burst` scenario over the ten minutes before. The same `nowMs`
 * gives the same spans and logs, in the global setup (which exports them to the real servers)
 * and in each test file (which rebuilds them to know what to expect).
 */
export function parityDataset(nowMs: number): Sandbox {
  const sandbox = new Sandbox({
    seed: 42,
    idSeed: 5,
    scenario: 'error-burst',
    ratePerS: 0,
    maxTraces: 1000,
    maxLogs: 50_000,
    clock: () => nowMs,
  })
  sandbox.warmUp(10 * 60_000, 300)
  return sandbox
}
