export * from './logBackend'
export * from './elasticsearchLogBackend'
export { encodeIndexPattern } from './indexPattern'
