import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fieldTouches, globCovers, globMatches, globsIntersect } from '../../gateway/policy/globs'

const glob = fc.array(fc.constantFrom('a', 'b', '-', '*'), { maxLength: 7 }).map((cs) => cs.join(''))
const name = fc.array(fc.constantFrom('a', 'b', '-'), { maxLength: 7 }).map((cs) => cs.join(''))

/** Replaces each `*` of a glob with one of the given fillers. */
function instantiate(g: string, fillers: readonly string[]): string {
  let i = 0
  return g.replace(/\*/g, () => fillers[i++ % Math.max(1, fillers.length)] ?? '')
}

describe('index and field globs', () => {
  it('matches like Elasticsearch wildcards', () => {
    expect(globMatches('logs-*', 'logs-app-2026.01.01')).toBe(true)
    expect(globMatches('logs-*', 'metrics-app')).toBe(false)
    expect(globMatches('*-prod-*', 'logs-prod-eu')).toBe(true)
    expect(globMatches('logs', 'logs-app')).toBe(false)
  })

  it('a requested pattern is covered only when every index it can expand to is allowed', () => {
    expect(globCovers('logs-*', 'logs-app-*')).toBe(true)
    expect(globCovers('logs-*', '*')).toBe(false)
    expect(globCovers('logs-*', 'log*')).toBe(false)
    expect(globCovers('logs-*-prod', 'logs-*')).toBe(false)
  })

  it('covering is sound: whatever a covered request expands to matches the allowed pattern', () => {
    fc.assert(
      fc.property(glob, glob, fc.array(name, { minLength: 1, maxLength: 3 }), (allowed, requested, fillers) => {
        fc.pre(globCovers(allowed, requested))
        expect(globMatches(allowed, instantiate(requested, fillers))).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  it('intersection finds a common name exactly when one exists', () => {
    fc.assert(
      fc.property(glob, glob, name, (a, b, n) => {
        if (globMatches(a, n) && globMatches(b, n)) expect(globsIntersect(a, b)).toBe(true)
        if (!a.includes('*') && !b.includes('*')) expect(globsIntersect(a, b)).toBe(a === b)
        if (!b.includes('*')) expect(globsIntersect(a, b)).toBe(globMatches(a, b))
      }),
      { numRuns: 3000 },
    )
  })

  it('a field reference touches a protected field, its sub-fields and the objects that contain it', () => {
    expect(fieldTouches('user.email', 'user.email')).toBe(true)
    expect(fieldTouches('user.email.keyword', 'user.email')).toBe(true)
    expect(fieldTouches('user', 'user.email')).toBe(true)
    expect(fieldTouches('user.*', 'user.email')).toBe(true)
    expect(fieldTouches('*', 'user.email')).toBe(true)
    expect(fieldTouches('user.name', 'user.email')).toBe(false)
    expect(fieldTouches('message', 'user.email')).toBe(false)
  })
})
