/**
 * The one place ECharts is assembled: only the charts and components Traceboard draws are
 * registered (tree-shaken `echarts/core`, never `import * as echarts from 'echarts'`).
 */
import { use, type ComposeOption } from 'echarts/core'
import VueECharts from 'vue-echarts'
import { CanvasRenderer } from 'echarts/renderers'
import {
  BarChart,
  GraphChart,
  LineChart,
  ScatterChart,
  type BarSeriesOption,
  type GraphSeriesOption,
  type LineSeriesOption,
  type ScatterSeriesOption,
} from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkAreaComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'

use([
  CanvasRenderer,
  LineChart,
  BarChart,
  ScatterChart,
  GraphChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  MarkLineComponent,
  MarkAreaComponent,
])

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | ScatterSeriesOption
  | GraphSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
  | MarkAreaComponentOption
>

/**
 * Declared here, not re-exported: with `sideEffects` limited to CSS in package.json, a module
 * whose used exports all come from elsewhere is dropped whole, and `use([...])` above with it
 * (no chart would be registered).
 */
export const VChart = VueECharts

// Lives apart so a canvas that is not an ECharts chart (the waterfall minimap) reads the tokens
// without pulling ECharts into its chunk.
export { readChartTokens } from './chartTokens'
