import type { DependencyLink } from '../trace'

export interface GraphNode {
  id: string
  /** The service name, or undefined for the node that folds the smaller services together. */
  service: string | undefined
  /** Services folded into this node (1 for a plain service). */
  folded: number
  /** Calls in and out. */
  calls: number
  errors: number
  /** The name matches the search text. */
  matched: boolean
}

export interface GraphEdge {
  source: string
  target: string
  calls: number
  errors: number
  /** errors / calls, or undefined when the backend does not report errors per link. */
  errorRate: number | undefined
}

export interface DependencyGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  totalServices: number
  totalLinks: number
  /** Services left out by the search or the focus (not counting folded ones). */
  filteredOut: number
}

export interface DependencyGraphOptions {
  /** Keep only links where either end contains this text (case ignored). */
  search?: string
  /** Keep only this service and its direct callers and callees. */
  focus?: string
  /** Beyond this many services the quietest are folded into one "other" node. */
  maxNodes?: number
  /** Whether `errorCount` is meaningful (Zipkin reports it; Jaeger v1 never does). */
  errorInfo: boolean
}

export const OTHER_NODE = '\u0000other'

/**
 * Makes a 4,000-link dependency list readable: duplicate links merged, an optional focus on one
 * service's neighbourhood and a search, then the busiest services kept and the rest folded into
 * one node whose links are summed (links between two folded services become part of its count).
 */
export function buildDependencyGraph(links: readonly DependencyLink[], options: DependencyGraphOptions): DependencyGraph {
  const merged = new Map<string, GraphEdge>()
  const allServices = new Set<string>()
  for (const l of links) {
    allServices.add(l.parent)
    allServices.add(l.child)
    const key = `${l.parent}\u0000${l.child}`
    const e = merged.get(key)
    if (e) {
      e.calls += l.callCount
      e.errors += l.errorCount
    } else {
      merged.set(key, { source: l.parent, target: l.child, calls: l.callCount, errors: l.errorCount, errorRate: undefined })
    }
  }
  const search = (options.search ?? '').trim().toLowerCase()
  const focus = options.focus
  let edges = [...merged.values()]
  if (focus) edges = edges.filter((e) => e.source === focus || e.target === focus)
  if (search) edges = edges.filter((e) => e.source.toLowerCase().includes(search) || e.target.toLowerCase().includes(search))

  const weight = new Map<string, { calls: number; errors: number }>()
  const bump = (s: string, e: GraphEdge): void => {
    const w = weight.get(s) ?? { calls: 0, errors: 0 }
    w.calls += e.calls
    w.errors += e.errors
    weight.set(s, w)
  }
  for (const e of edges) {
    bump(e.source, e)
    if (e.target !== e.source) bump(e.target, e)
  }
  if (focus && allServices.has(focus) && !weight.has(focus)) weight.set(focus, { calls: 0, errors: 0 })

  const maxNodes = Math.max(2, options.maxNodes ?? 60)
  const ranked = [...weight].sort((a, b) => b[1].calls - a[1].calls || (a[0] < b[0] ? -1 : 1))
  const kept = new Set(ranked.length > maxNodes ? ranked.slice(0, maxNodes - 1).map(([s]) => s) : ranked.map(([s]) => s))
  if (focus && weight.has(focus)) kept.add(focus)
  const folded = ranked.filter(([s]) => !kept.has(s))
  const idOf = (s: string): string => (kept.has(s) ? s : OTHER_NODE)

  const outEdges = new Map<string, GraphEdge>()
  for (const e of edges) {
    const source = idOf(e.source)
    const target = idOf(e.target)
    const key = `${source}\u0000${target}`
    const o = outEdges.get(key)
    if (o) {
      o.calls += e.calls
      o.errors += e.errors
    } else {
      outEdges.set(key, { source, target, calls: e.calls, errors: e.errors, errorRate: undefined })
    }
  }
  for (const e of outEdges.values()) e.errorRate = options.errorInfo && e.calls > 0 ? Math.min(1, e.errors / e.calls) : undefined

  const nodes: GraphNode[] = ranked
    .filter(([s]) => kept.has(s))
    .map(([s, w]) => ({ id: s, service: s, folded: 1, calls: w.calls, errors: w.errors, matched: search !== '' && s.toLowerCase().includes(search) }))
  if (folded.length > 0) {
    nodes.push({
      id: OTHER_NODE,
      service: undefined,
      folded: folded.length,
      calls: folded.reduce((a, [, w]) => a + w.calls, 0),
      errors: folded.reduce((a, [, w]) => a + w.errors, 0),
      matched: false,
    })
  }
  return {
    nodes,
    edges: [...outEdges.values()].sort((a, b) => b.calls - a.calls),
    totalServices: allServices.size,
    totalLinks: merged.size,
    filteredOut: allServices.size - weight.size,
  }
}
