import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { checkIndexExpression } from '../../gateway/policy/logRoutes'

/**
 * The reference meaning of an allowed pattern, written independently of the gateway's matcher:
 * one regular expression over the whole `[cluster:]index` text in which `*` is any run of
 * characters other than `:` and `,`. A pattern without a cluster part has no `:`, so it can
 * only ever match a local target.
 */
function oracle(pattern: string, concrete: string): boolean {
  const source = pattern
    .split('*')
    .map((s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))
    .join('[^:,]*')
  return new RegExp(`^${source}$`).test(concrete)
}

// Small alphabets so that collisions between allowed and requested parts are frequent.
const part = fc
  .array(fc.constantFrom('a', 'b', '-', '*'), { minLength: 1, maxLength: 5 })
  .map((cs) => (cs[0] === '-' ? 'a' : '') + cs.join(''))
const pattern = fc.tuple(fc.option(part, { nil: undefined }), part).map(([cluster, index]) => (cluster === undefined ? index : `${cluster}:${index}`))
const target = fc
  .tuple(fc.boolean(), fc.option(part, { nil: undefined }), part)
  .map(([exclude, cluster, index]) => `${exclude ? '-' : ''}${cluster === undefined ? '' : `${cluster}:`}${index}`)
/** Allowed patterns and a request made of random targets and near-misses of those patterns. */
const patternsAndRequest = fc.array(pattern, { minLength: 1, maxLength: 3 }).chain((allowed) => {
  const nearMiss = fc
    .constantFrom(...allowed)
    .chain((p) => fc.constantFrom(p, p.replace(/\*/g, 'a'), `a:${p}`, `*:${p}`, `${p}:a`, `${p}:*`, p.replace('*', '*:*'), p.split(':').pop() ?? p, `-${p}`))
  const request = fc.array(fc.oneof(target, nearMiss), { minLength: 1, maxLength: 3 }).map((ts) => ts.join(','))
  return fc.tuple(fc.constant(allowed), request)
})
// Anything at all from the characters that matter to the grammar, including ones it refuses.
const junk = fc.array(fc.constantFrom('a', 'b', '-', '*', ':', ',', ' ', 'A', '_', '.', '<', '>', '{', '}', '/'), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''))
// What Elasticsearch may substitute for a `*`: index and cluster names never contain `:` or `,`.
const filler = fc.constantFrom('', 'a', 'b', 'ab', '-a', 'b-', '.x', '_y')

function instantiate(t: string, fillers: readonly string[]): string {
  let i = 0
  return t.replace(/\*/g, () => fillers[i++ % fillers.length] ?? '')
}

let accepted = 0

/** Every included target of an accepted expression, whatever its `*` expand to, is inside some allowed pattern. */
function expectSound(allowed: readonly string[], expr: string, fillers: readonly string[]): void {
  if (checkIndexExpression(expr, allowed) !== undefined) return
  accepted++
  for (const t of expr.split(',')) {
    if (t.startsWith('-')) continue
    const concrete = instantiate(t, fillers)
    expect(allowed.some((p) => oracle(p, concrete)), `${expr} accepted under [${allowed.join(', ')}] reaches ${concrete}`).toBe(true)
  }
}

describe('index targets: cluster and index are matched separately', () => {
  it.each([
    ['logs-app-x', ['logs-app-*']],
    ['logs-app-*', ['logs-app-*']],
    ['logs-app-x,logs-app-y,-logs-app-old', ['logs-app-*']],
    ['eu:logs-app-x', ['logs-app-*', 'eu:logs-app-*']],
    ['eu:logs-app-*,logs-app-x,-eu:logs-app-old', ['logs-app-*', 'eu:logs-app-*']],
    ['eu-west:logs-app-x', ['*:logs-app-*']],
    ['*:logs-app-x', ['*:logs-app-*']],
  ])('accepts %s under %j', (expr, allowed) => {
    expect(checkIndexExpression(expr, allowed)).toBeUndefined()
  })

  it.each([
    // A pattern without a cluster part covers no remote cluster at all.
    'logs-app-x:secrets',
    'logs-app-*:*',
    'logs-app-x:logs-app-y',
    'logs-app-*:logs-app-*',
    'remote:logs-app-x',
    '*:logs-app-x',
    '*:*',
    'logs-app-a,logs-app-x:secrets',
    'logs-app-*,*:*',
    '-remote:logs-app-x,logs-app-x',
    'logs-app-*,-logs-app-x:secrets',
    // Not targets of the grammar at all.
    'logs-app-x::failures',
    'logs-app-x:',
    ':logs-app-x',
    'a:b:c',
    ' logs-app-x',
    'logs-app-x ',
    'LOGS-APP-X',
    'logs-app-X:secrets',
    '<logs-app-{now}>',
    'remote:<logs-app-{now}>',
    'remote:_all',
    'logs-app-x\uff1asecrets',
    '',
    'logs-app-x,',
    '-logs-app-x',
  ])('refuses %j under ["logs-app-*"]', (expr) => {
    expect(checkIndexExpression(expr, ['logs-app-*'])).toBeDefined()
  })

  it.each(['us:logs-app-x', 'e*:logs-app-x', 'eu*:logs-app-x', '*:logs-app-x', 'eu:secrets', 'eu:*', 'eu:logs-app-x:y', 'EU:logs-app-x', 'eu-west:logs-app-x', 'logs-app-x:logs-app-y', 'eu:logs-app-x,us:logs-app-x', 'logs-app-*,-us:logs-app-x'])(
    'a pattern with a cluster part allows only that cluster: refuses %j',
    (expr) => {
      expect(checkIndexExpression(expr, ['logs-app-*', 'eu:logs-app-*'])).toBeDefined()
    },
  )

  it('property: no accepted expression reaches an index outside the allowed patterns', () => {
    accepted = 0
    fc.assert(
      fc.property(patternsAndRequest, fc.array(filler, { minLength: 1, maxLength: 4 }), ([allowed, expr], fillers) => expectSound(allowed, expr, fillers)),
      { numRuns: 5000 },
    )
    // Not vacuous: a fair share of the generated requests is accepted and then checked.
    expect(accepted).toBeGreaterThan(200)
  })

  it('property: neither does any string made of the grammar characters', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), junk, fc.array(filler, { minLength: 1, maxLength: 4 }), expectSound),
      { numRuns: 5000 },
    )
  })

  it('property: a concrete target inside an allowed pattern is accepted (the matcher is not simply closed)', () => {
    const name = fc.array(fc.constantFrom('a', 'b', '-'), { maxLength: 4 }).map((cs) => cs.join(''))
    fc.assert(
      fc.property(pattern, fc.array(name, { minLength: 1, maxLength: 4 }), (allowed, fillers) => {
        const concrete = instantiate(allowed, fillers)
        fc.pre(concrete.split(':').every((p) => /^[a-z0-9]/.test(p)))
        expect(checkIndexExpression(concrete, [allowed])).toBeUndefined()
      }),
      { numRuns: 3000 },
    )
  })
})
