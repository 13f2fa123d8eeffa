export * from './maskingRules'
export * from './compileMasking'
export * from './maskRecord'
export * from './maskLogRecord'
