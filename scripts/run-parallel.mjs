// `node scripts/run-parallel.mjs lint typecheck`: runs those npm scripts at the same time and
// prints each one's output whole when it ends (not interleaved). Both are single-threaded, so on
// a 2-core CI machine this saves about the shorter one's time. Exits non-zero if any failed.
import { spawn } from 'node:child_process'

const names = process.argv.slice(2)
if (names.length === 0) {
  console.error('usage: node scripts/run-parallel.mjs SCRIPT...')
  process.exit(2)
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const started = Date.now()
      let output = ''
      const child = spawn(npm, ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] })
      child.stdout.on('data', (c) => (output += c))
      child.stderr.on('data', (c) => (output += c))
      child.on('error', (e) => {
        output += String(e)
        resolve(1)
      })
      child.on('close', (code) => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1)
        process.stdout.write(`\n> ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s\n${output}`)
        resolve(code ?? 1)
      })
    }),
)
const codes = await Promise.all(runs)
process.exit(codes.some((c) => c !== 0) ? 1 : 0)
