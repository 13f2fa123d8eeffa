/**
 * A few small readers for install options, in place of a schema library: options are checked
 * synchronously at install, so whatever checks them sits in the host's entry chunk. Each
 * reader takes a value and where it sits (`backends.traces.kind`), pushes one readable problem
 * per failed rule (`backends.traces.kind: Invalid input: expected one of …`) and returns the
 * value with defaults filled in. After a problem its return value is meaningless: the caller
 * throws instead of using it.
 */
export type Problems = string[]

export type Reader<T> = (value: unknown, at: string, problems: Problems) => T

/** A rule on a value of the right type: a test and the message when it fails. */
export type Rule<T> = readonly [test: (value: T) => boolean, message: string]

/** Reports a problem; the returned value is never used (the caller throws). */
function problem(problems: Problems, at: string, message: string): never {
  problems.push(`${at || '$'}: ${message}`)
  return undefined as never
}

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A string; every failed rule is one problem (as many as fail). */
export function string(...rules: Rule<string>[]): Reader<string> {
  return (value, path, problems) => {
    if (typeof value !== 'string') return problem(problems, path, 'Invalid input: expected a string')
    for (const [test, message] of rules) if (!test(value)) problem(problems, path, message)
    return value
  }
}

export const notEmpty: Rule<string> = [(s) => s.length > 0, 'must not be empty']

export function matches(re: RegExp, message: string): Rule<string> {
  return [(s) => re.test(s), message]
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number): Reader<number> {
  return (value, path, problems) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? value
      : problem(problems, path, `Invalid input: expected a whole number from ${min} to ${max}`)
}

/** A finite number passing `test`, described in the message (`from 0 to 1`, `above 0`). */
export function finiteNumber(test: (n: number) => boolean, described: string): Reader<number> {
  return (value, path, problems) =>
    typeof value === 'number' && Number.isFinite(value) && test(value)
      ? value
      : problem(problems, path, `Invalid input: expected a number ${described}`)
}

export function oneOf<const V extends string>(values: readonly V[]): Reader<V> {
  return (value, path, problems) =>
    (values as readonly unknown[]).includes(value)
      ? (value as V)
      : problem(problems, path, `Invalid input: expected one of ${values.map((v) => `'${v}'`).join(', ')}`)
}

/** A value a domain check accepts: `problemOf` returns undefined, or the message. */
export function checked<T>(problemOf: (value: unknown) => string | undefined): Reader<T> {
  return (value, path, problems) => {
    const message = problemOf(value)
    return message === undefined ? (value as T) : problem(problems, path, message)
  }
}

export function optional<T>(read: Reader<T>): Reader<T | undefined> {
  return (value, path, problems) => (value === undefined ? undefined : read(value, path, problems))
}

/** `fallback()` when the value is undefined (a fresh value each time: callers may change it). */
export function withDefault<T>(read: Reader<T>, fallback: () => T): Reader<T> {
  return (value, path, problems) => (value === undefined ? fallback() : read(value, path, problems))
}

/** Each key the shape names, read by its reader; keys it does not name are left out. */
export type Shape<T> = { [K in keyof T]-?: Reader<T[K]> }

export function object<T>(shape: Shape<T>): Reader<T> {
  return (value, path, problems) => {
    if (!isPlainObject(value)) return problem(problems, path, 'Invalid input: expected an object')
    const out: Partial<Record<keyof T, unknown>> = {}
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const read: Reader<unknown> = shape[key]
      const v = read(value[key], at(path, key), problems)
      if (v !== undefined) out[key] = v
    }
    return out as T
  }
}

export function array<T>(read: Reader<T>): Reader<T[]> {
  return (value, path, problems) =>
    Array.isArray(value)
      ? value.map((item: unknown, i) => read(item, at(path, i), problems))
      : problem(problems, path, 'Invalid input: expected an array')
}

/** An object with any keys, each value read by `read`. */
export function record<T>(read: Reader<T>): Reader<Record<string, T>> {
  return (value, path, problems) => {
    if (!isPlainObject(value)) return problem(problems, path, 'Invalid input: expected an object')
    const out: Record<string, T> = {}
    for (const [key, v] of Object.entries(value)) out[key] = read(v, at(path, key), problems)
    return out
  }
}
