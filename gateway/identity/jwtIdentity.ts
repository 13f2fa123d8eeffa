import { createPublicKey, type KeyObject } from 'node:crypto'
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose'
import type { FastifyRequest } from 'fastify'
import { PERMISSIONS, type Identity, type JwtIdentityConfig, type Permission, type VerifyIdentity } from '../config/configSchema'

/** The identity check could not run (JWKS unreachable, host callback threw): 503, not 401. */
export class IdentityUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'IdentityUnavailableError'
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue
    const raw = part.slice(eq + 1).trim()
    return raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw
  }
  return undefined
}

function readToken(request: FastifyRequest, cookie: string | undefined): string | undefined {
  if (cookie !== undefined) return readCookie(request.headers.cookie, cookie)
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(request.headers.authorization ?? '')
  return m?.[1]
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let v: unknown = payload
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return v
}

function permissionsFrom(claim: unknown, map: JwtIdentityConfig['permissionMap']): Permission[] {
  const values = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim.filter((c): c is string => typeof c === 'string') : []
  const out = new Set<Permission>()
  for (const v of values) {
    if (map) for (const p of map[v] ?? []) out.add(p)
    else if ((PERMISSIONS as readonly string[]).includes(v)) out.add(v as Permission)
  }
  return [...out]
}

function algorithmsFor(key: KeyObject): string[] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512']
    case 'ec':
      return ['ES256', 'ES384', 'ES512']
    case 'ed25519':
      return ['EdDSA', 'Ed25519']
    default:
      throw new Error(`identity.publicKeyPem: unsupported key type ${String(key.asymmetricKeyType)}`)
  }
}

// Token problems are the caller's (401); anything else means the check itself failed (503).
const INVALID_TOKEN = [
  errors.JWTExpired, errors.JWTClaimValidationFailed, errors.JWTInvalid, errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed, errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
]

/** A `VerifyIdentity` that checks a JWT (from `Authorization: Bearer` or a cookie) with the configured key. */
export function createJwtVerifier(config: JwtIdentityConfig, secret: string | undefined): VerifyIdentity {
  let key: KeyObject | Uint8Array | JWTVerifyGetKey
  let algorithms: string[] | undefined
  if (config.jwksUrl !== undefined) {
    key = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
  } else if (config.publicKeyPem !== undefined) {
    const k = createPublicKey(config.publicKeyPem)
    key = k
    algorithms = algorithmsFor(k)
  } else {
    key = new TextEncoder().encode(secret ?? '')
    algorithms = ['HS256', 'HS384', 'HS512']
  }
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms,
    clockTolerance: config.clockToleranceS,
  }

  return async (request): Promise<Identity | undefined> => {
    const token = readToken(request, config.cookie)
    if (!token) return undefined
    let payload: JWTPayload
    try {
      // Two overloads (static key / key resolver): call the matching one.
      payload = typeof key === 'function'
        ? (await jwtVerify(token, key, options)).payload
        : (await jwtVerify(token, key, options)).payload
    } catch (e) {
      if (INVALID_TOKEN.some((cls) => e instanceof cls)) return undefined
      throw new IdentityUnavailableError('the token could not be checked', { cause: e })
    }
    const user = claimAt(payload, config.userClaim)
    if (typeof user !== 'string' || user === '' || user.length > 256) return undefined
    return { user, permissions: permissionsFrom(claimAt(payload, config.permissionsClaim), config.permissionMap) }
  }
}
