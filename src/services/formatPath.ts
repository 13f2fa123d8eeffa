/** A zod issue path as people read it: `data.result[0].value`, or `$` for the whole payload. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '$'
}
