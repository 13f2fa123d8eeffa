import { withTraceboardScope } from './withTraceboardScope'

/** Components a host may place on its own pages (inside an app that installed Traceboard). */
export const ServiceStatusGrid = withTraceboardScope(() => import('@/components/metrics/ServiceStatusGrid.vue'), 'TbServiceStatusGrid')
export const ServiceStatusCard = withTraceboardScope(() => import('@/components/metrics/ServiceStatusCard.vue'), 'TbServiceStatusCard')
export const TraceWaterfall = withTraceboardScope(() => import('@/components/traces/TraceWaterfall.vue'), 'TbTraceWaterfall', 'traces:read')
export const LogPanel = withTraceboardScope(() => import('@/components/logs/LogPanel.vue'), 'TbLogPanel')
