import { z } from 'zod'
import type { DependencyLink } from '../../domain/trace'

/** `callCount` is a number in Zipkin and Jaeger v1, a decimal string (uint64) in Jaeger v3. */
const count = z.union([z.number(), z.string()]).optional().catch(undefined)

export const dependencyLinkSchema = z.looseObject({
  parent: z.string(),
  child: z.string(),
  callCount: count,
  errorCount: count,
})

/** Wire link → domain link; missing or unreadable counts are 0. */
export function toDependencyLink(d: z.infer<typeof dependencyLinkSchema>): DependencyLink {
  return { parent: d.parent, child: d.child, callCount: toCount(d.callCount), errorCount: toCount(d.errorCount) }
}

function toCount(v: number | string | undefined): number {
  const n = typeof v === 'string' ? Number(v) : v
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0
}
