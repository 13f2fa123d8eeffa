// Prints one closing line for the whole `npm test` run ("N passed, N failed, N skipped"),
// summed over the vitest JSON reports of the unit, integration and e2e runs.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
for (const name of ['unit', 'integration', 'backends', 'e2e']) {
  const file = `test-results/${name}.json`
  if (!existsSync(file)) {
    console.error(`missing ${file}: did the ${name} run happen?`)
    process.exit(1)
  }
  const r = JSON.parse(readFileSync(file, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
