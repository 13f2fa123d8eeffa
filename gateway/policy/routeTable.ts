export type HttpMethod = 'GET' | 'POST' | 'DELETE'

/** A path segment: a literal, or a named parameter with its validator. */
export type PathPart = string | { param: string; valid: (value: string) => boolean }

/** One allowed endpoint of a backend: an operation name, its methods and its path shape. */
export interface RouteRule<Op extends string = string> {
  op: Op
  methods: readonly HttpMethod[]
  path: readonly PathPart[]
}

export type RouteMatch<Op extends string> =
  | { kind: 'match'; op: Op; params: Record<string, string> }
  | { kind: 'wrongMethod'; allowed: readonly HttpMethod[] }
  | { kind: 'none' }

function matchPath(parts: readonly PathPart[], segments: readonly string[]): Record<string, string> | undefined {
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as PathPart
    const segment = segments[i] as string
    if (typeof part === 'string') {
      if (part !== segment) return undefined
    } else {
      if (!part.valid(segment)) return undefined
      params[part.param] = segment
    }
  }
  return params
}

/** Finds the rule for a method and decoded path; anything not listed is not allowed. */
export function matchRoute<Op extends string>(
  rules: readonly RouteRule<Op>[],
  method: string,
  segments: readonly string[],
): RouteMatch<Op> {
  let wrongMethod: HttpMethod[] | undefined
  for (const rule of rules) {
    const params = matchPath(rule.path, segments)
    if (!params) continue
    if ((rule.methods as readonly string[]).includes(method)) return { kind: 'match', op: rule.op, params }
    wrongMethod = [...(wrongMethod ?? []), ...rule.methods]
  }
  return wrongMethod ? { kind: 'wrongMethod', allowed: [...new Set(wrongMethod)] } : { kind: 'none' }
}

/** Upper- or lower-case hex of 1–32 digits: Zipkin and Jaeger trace ids. */
export const traceIdParam = (param: string): PathPart => ({ param, valid: (v) => /^[0-9a-fA-F]{1,32}$/.test(v) })
/** Any non-empty decoded segment (the normaliser already refused traversal and control chars). */
export const anyParam = (param: string): PathPart => ({ param, valid: (v) => v.length > 0 && v.length <= 512 })
