/*
 * Elasticsearch `_source` keeps whatever JSON was indexed, so one logical field can sit at
 * `{"service": {"name": …}}`, at a literal key `{"service.name": …}`, or mixed: the OTel mapping
 * mode writes `resource.attributes` as an object whose keys contain dots ("service.name"), and
 * the raw mode writes flat keys like "Resource.service.name" (elasticsearchexporter testdata).
 */

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** For each start segment: the candidate keys, longest first, with the segment after each. */
type CompiledPath = readonly (readonly { key: string; end: number }[])[]

// Paths come from the field mapping (a handful), so the cache stays small; compiling once
// avoids re-joining segments for every field of every record (100k-record pages).
const compiledPaths = new Map<string, CompiledPath>()
const MAX_CACHED_PATHS = 1000

function compile(path: string): CompiledPath {
  const cached = compiledPaths.get(path)
  if (cached) return cached
  const segments = path.split('.')
  const compiled = segments.map((_, start) => {
    const keys: { key: string; end: number }[] = []
    for (let end = segments.length; end > start; end--) keys.push({ key: segments.slice(start, end).join('.'), end })
    return keys
  })
  if (compiledPaths.size >= MAX_CACHED_PATHS) compiledPaths.clear()
  compiledPaths.set(path, compiled)
  return compiled
}

/**
 * Reads a dotted path from a document whose levels may be nested objects or literal dotted
 * keys, longest key first. Only own properties are read, so `__proto__` or `constructor` in a
 * path never reach the prototype.
 */
export function readField(source: unknown, path: string): unknown {
  if (path === '') return undefined
  const compiled = compile(path)
  return readFrom(source, compiled, 0)
}

function readFrom(node: unknown, compiled: CompiledPath, start: number): unknown {
  if (!isPlainObject(node)) return undefined
  for (const { key, end } of compiled[start] ?? []) {
    if (!Object.hasOwn(node, key)) continue
    const value = node[key]
    if (end === compiled.length) return value
    const deeper = readFrom(value, compiled, end)
    if (deeper !== undefined) return deeper
  }
  return undefined
}

/** The first path that holds a value (not undefined or null). */
export function readFirst(source: unknown, paths: readonly string[]): unknown {
  for (const path of paths) {
    const value = readField(source, path)
    if (value !== undefined && value !== null) return value
  }
  return undefined
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  // ES happily indexes a single value as an array; take the first scalar.
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarText(item)
      if (text !== undefined) return text
    }
  }
  return undefined
}

/** The first path that holds a scalar (or an array of them), as text. Objects are skipped. */
export function readText(source: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const text = scalarText(readField(source, path))
    if (text !== undefined) return text
  }
  return undefined
}
