/** Public API of the Traceboard production gateway (see gateway/README.md). */
export { createGateway, type GatewayRuntime } from './createGateway'
export { GatewayConfigError, resolveGatewayConfig, type Env, type ResolvedGatewayConfig } from './config/resolveConfig'
export type { GatewayConfig, GatewayConfigInput, Identity, MaskingRule, Permission, VerifyIdentity } from './config/configSchema'
