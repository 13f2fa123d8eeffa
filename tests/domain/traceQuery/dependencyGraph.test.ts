import { describe, expect, it } from 'vitest'
import type { DependencyLink } from '@/domain/trace'
import { buildDependencyGraph, OTHER_NODE } from '@/domain/traceQuery/dependencyGraph'
import { readContract } from '../../support/contracts'

const link = (parent: string, child: string, callCount: number, errorCount = 0): DependencyLink => ({ parent, child, callCount, errorCount })

describe('dependency graph', () => {
  it('merges duplicate links and computes error rates only where the backend reports errors', () => {
    const g = buildDependencyGraph([link('a', 'b', 10, 1), link('a', 'b', 30, 3), link('b', 'c', 5)], { errorInfo: true })
    expect(g.edges).toEqual([
      { source: 'a', target: 'b', calls: 40, errors: 4, errorRate: 0.1 },
      { source: 'b', target: 'c', calls: 5, errors: 0, errorRate: 0 },
    ])
    expect(buildDependencyGraph([link('a', 'b', 10)], { errorInfo: false }).edges[0]!.errorRate).toBeUndefined()
  })

  it('reads the Jaeger contract sample', () => {
    const raw = readContract('traces/jaeger/dependencies-small.json') as { parent: string; child: string; callCount: number }[]
    const g = buildDependencyGraph(raw.map((r) => link(r.parent, r.child, r.callCount)), { errorInfo: false })
    expect(g.totalLinks).toBeGreaterThan(0)
    expect(g.nodes.length).toBe(g.totalServices)
  })

  it('keeps 4,000 links readable: the busiest services stay, the rest fold into one node', () => {
    const links: DependencyLink[] = []
    for (let i = 0; i < 4000; i++) links.push(link(`svc-${i % 400}`, `svc-${(i * 7 + 1) % 400}`, 1 + (i % 50)))
    const g = buildDependencyGraph(links, { maxNodes: 40, errorInfo: false })
    expect(g.nodes).toHaveLength(40)
    const other = g.nodes.find((n) => n.id === OTHER_NODE)!
    expect(other.folded).toBe(g.totalServices - 39)
    expect(g.edges.every((e) => g.nodes.some((n) => n.id === e.source) && g.nodes.some((n) => n.id === e.target))).toBe(true)
    const total = (es: { calls: number }[]): number => es.reduce((s, e) => s + e.calls, 0)
    expect(total(g.edges)).toBe(total(links.map((l) => ({ calls: l.callCount }))))
  })

  it('focuses on one service’s neighbours and searches by name', () => {
    const links = [link('web', 'api', 100), link('api', 'db', 90), link('api', 'cache', 80), link('batch', 'db', 5)]
    const focus = buildDependencyGraph(links, { focus: 'api', errorInfo: false })
    expect(focus.nodes.map((n) => n.id).sort()).toEqual(['api', 'cache', 'db', 'web'])
    expect(focus.filteredOut).toBe(1)
    const search = buildDependencyGraph(links, { search: 'DB', errorInfo: false })
    expect(search.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['api>db', 'batch>db'])
    expect(search.nodes.find((n) => n.id === 'db')?.matched).toBe(true)
    expect(search.nodes.find((n) => n.id === 'api')?.matched).toBe(false)
  })
})
