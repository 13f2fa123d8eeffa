import { parseArgs } from 'node:util'
import { runBackfill } from './backfill/runBackfill'
import { isScenarioName } from './model/scenarios'

/**
 * `tsx sandbox/backfill.ts --data-dir DIR`: writes the demo's metric history as Prometheus TSDB
 * blocks into DIR (start Prometheus with `--storage.tsdb.path=DIR` afterwards).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      'work-dir': { type: 'string' },
      hours: { type: 'string' },
      days: { type: 'string' },
      'incident-scenario': { type: 'string' },
      'incident-minutes': { type: 'string' },
      step: { type: 'string' },
      seed: { type: 'string' },
      rate: { type: 'string' },
      instance: { type: 'string' },
      'no-week-ago': { type: 'boolean' },
      'keep-files': { type: 'boolean' },
    },
    strict: true,
  })
  const dataDir = values['data-dir']
  if (!dataDir) {
    console.error('usage: tsx sandbox/backfill.ts --data-dir DIR [--work-dir DIR] [--hours 24] [--days 30] [--incident-scenario error-burst --incident-minutes 10] [--step 60] [--seed 42] [--rate 5] [--instance sandbox] [--no-week-ago] [--keep-files]')
    process.exit(2)
  }
  const incidentScenario = values['incident-scenario']
  if (incidentScenario !== undefined && !isScenarioName(incidentScenario)) {
    console.error(`unknown --incident-scenario ${incidentScenario}`)
    process.exit(2)
  }
  const report = await runBackfill({
    dataDir,
    workDir: values['work-dir'] ?? dataDir,
    hours: values.hours === undefined ? undefined : Number(values.hours),
    days: values.days === undefined ? undefined : Number(values.days),
    incident: incidentScenario === undefined ? undefined : { scenario: incidentScenario, minutes: Number(values['incident-minutes'] ?? 10) },
    stepS: values.step === undefined ? undefined : Number(values.step),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    ratePerS: values.rate === undefined ? undefined : Number(values.rate),
    instance: values.instance,
    weekAgo: !values['no-week-ago'],
    keepFiles: values['keep-files'],
  })
  const samples = report.windows.reduce((s, w) => s + w.samples, 0)
  console.log(`backfilled ${samples} samples in ${report.windows.length} window(s): generated in ${report.generateMs} ms, done in ${report.totalMs} ms`)
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
})
