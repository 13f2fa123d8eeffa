import type { ChartOption } from '@/components/charts/echarts'
import type { DependencyGraph } from '@/domain/traceQuery/dependencyGraph'

export interface GraphTokens {
  text: string
  muted: string
  border: string
  accent: string
  warn: string
  crit: string
}

/**
 * The service graph: node size by calls, edge width by calls (log scale), edge colour by error
 * rate where the backend reports it. Labels are drawn on the canvas (never HTML); the tooltip
 * formatter builds plain text only.
 */
export function dependencyGraphOption(g: DependencyGraph, c: GraphTokens, labels: { other: (n: number) => string }): ChartOption {
  const maxCalls = Math.max(1, ...g.nodes.map((n) => n.calls))
  const maxEdge = Math.max(1, ...g.edges.map((e) => e.calls))
  const name = (id: string): string => {
    const n = g.nodes.find((x) => x.id === id)
    return n?.service ?? labels.other(n?.folded ?? 0)
  }
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const d = (p as { dataType?: string; data?: { calls?: number; errorRate?: number; source?: string; target?: string; name?: string } }).data
        if (!d) return ''
        const rate = d.errorRate === undefined ? '' : ` · ${(d.errorRate * 100).toFixed(1)}%`
        const text = d.source !== undefined ? `${name(d.source)} → ${name(d.target ?? '')}: ${d.calls ?? 0}${rate}` : `${d.name ?? ''}: ${d.calls ?? 0}`
        // ECharts renders tooltip strings as HTML: escape everything that came from the backend.
        return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        force: { repulsion: 220, edgeLength: [60, 180], gravity: 0.08 },
        label: { show: true, position: 'right', color: c.text, fontSize: 11 },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 7,
        emphasis: { focus: 'adjacency' },
        data: g.nodes.map((n) => ({
          id: n.id,
          name: n.service ?? labels.other(n.folded),
          calls: n.calls,
          symbolSize: 10 + 26 * Math.sqrt(n.calls / maxCalls),
          itemStyle: { color: n.service ? (n.matched ? c.warn : c.accent) : c.muted, borderColor: n.matched ? c.text : c.border },
        })),
        links: g.edges.map((e) => ({
          source: e.source,
          target: e.target,
          calls: e.calls,
          errorRate: e.errorRate,
          lineStyle: {
            width: 1 + 4 * (Math.log1p(e.calls) / Math.log1p(maxEdge)),
            color: e.errorRate !== undefined && e.errorRate >= 0.05 ? c.crit : e.errorRate !== undefined && e.errorRate > 0 ? c.warn : c.muted,
            opacity: 0.8,
            curveness: 0.1,
          },
        })),
      },
    ],
  }
}
