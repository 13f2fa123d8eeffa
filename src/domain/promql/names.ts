/**
 * Metric and label names are spliced into PromQL without quoting, so they are never taken from
 * user input: they come from presets and config, and are checked here against the classic
 * Prometheus name grammar (https://prometheus.io/docs/concepts/data_model/). A name that fails
 * is a configuration bug, reported loudly instead of producing a query that means something else.
 */

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** True when `name` can be written bare as a metric name in PromQL. */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME.test(name)
}

/** True when `name` can be written bare as a label name in PromQL. */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name)
}

/** Returns `name` or throws when it is not a valid metric name. */
export function assertMetricName(name: string): string {
  if (!isValidMetricName(name)) {
    throw new Error(`invalid PromQL metric name ${JSON.stringify(name)}: expected ${METRIC_NAME.source}`)
  }
  return name
}

/** Returns `name` or throws when it is not a valid label name. */
export function assertLabelName(name: string): string {
  if (!isValidLabelName(name)) {
    throw new Error(`invalid PromQL label name ${JSON.stringify(name)}: expected ${LABEL_NAME.source}`)
  }
  return name
}
