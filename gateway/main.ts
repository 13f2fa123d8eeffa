/**
 * `tsx gateway/main.ts`: reads the config file named by TB_GATEWAY_CONFIG (JSON), secrets
 * from the environment, and listens. Paths in the config (static.root) are relative to the
 * config file.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { createGateway } from './createGateway'
import { GatewayConfigError, resolveGatewayConfig } from './config/resolveConfig'

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

async function main(): Promise<void> {
  const path = process.env.TB_GATEWAY_CONFIG
  if (!path) fail('TB_GATEWAY_CONFIG must name the gateway config file (see gateway/README.md)')
  const file = resolve(path)
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    fail(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`)
  }
  let app
  let listen
  try {
    listen = resolveGatewayConfig(raw, process.env).config.listen
    app = createGateway(raw, { baseDir: dirname(file) })
  } catch (e) {
    if (e instanceof GatewayConfigError) fail(`${file}:\n${e.message}`)
    throw e
  }
  const { host, port } = listen
  await app.listen({ host, port })
  const address = app.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event: 'listening', host, port: actualPort })}\n`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.close().then(() => process.exit(0), () => process.exit(1))
    })
  }
}

main().catch((e: unknown) => fail(`gateway failed to start: ${e instanceof Error ? e.message : String(e)}`))
