import type { RawSpan } from './model'
import { spanWarning } from './warnings'
import { addWarning, type WorkSpans } from './workSpans'

export interface ResolvedParents {
  /** Unique key per span: the id for the first holder, `<id>_1`, `<id>_2`… for later ones. */
  keys: string[]
  /** Input index of the parent span, -1 for top level. Acyclic. */
  parent: Int32Array
  /** 1 when the declared parent is not in the trace (kept at top level, trace incomplete). */
  orphan: Uint8Array
  /** 1 for a Zipkin server half nested under the client half that shares its id. */
  sharedChild: Uint8Array
  orphanCount: number
}

/**
 * Gives every span a unique key and a parent, Zipkin shared ids and Jaeger duplicates included,
 * then cuts parent cycles so the result is a forest whatever the input.
 *
 * Zipkin rules (zipkin-lens span-node.js): a `shared` server span is the child of the client
 * span with the same id; a span whose parent id is shared prefers the server half on its own
 * endpoint (the local work of that server) and otherwise the client half.
 */
export function resolveParents(work: WorkSpans): ResolvedParents {
  const { n, raw, ids, firstById, parentSeen } = work
  const isShared = work.sharedHalf
  const { keys, primaryOverride, sharedById } = work.repeatedIds
    ? assignKeys(work, isShared)
    : { keys: ids, primaryOverride: undefined, sharedById: undefined }

  // The span an id refers to: the first non-shared holder (a client, never its server half).
  const primary = (id: string): number | undefined => {
    const o = primaryOverride?.get(id)
    if (o !== undefined) return o
    const j = firstById.get(id)
    return j !== undefined && !isShared[j] ? j : undefined
  }

  const parent = new Int32Array(n).fill(-1)
  const orphan = new Uint8Array(n)
  const sharedChild = new Uint8Array(n)
  let orphanCount = 0
  for (let i = 0; i < n; i++) {
    if (isShared[i]) {
      const client = primary(ids[i] as string)
      if (client !== undefined) {
        parent[i] = client
        sharedChild[i] = 1
        continue
      }
    }
    const p = work.declaredParent[i]
    if (p === undefined) continue
    let j: number | undefined
    if (!work.repeatedIds) {
      // The one holder of the parent id (found while reading when it came first). A server
      // half whose client is not in the trace is still its children's parent.
      const seen = parentSeen[i] as number
      j = seen >= 0 ? seen : firstById.get(p)
    } else {
      const servers = sharedById?.get(p)
      const s = raw[i] as RawSpan
      j = (servers && s.format === 'zipkin' ? serverOnSameHost(servers, raw, s) : undefined) ?? primary(p) ?? servers?.[0]
    }
    if (j === undefined || j === i) {
      orphan[i] = 1
      orphanCount++
      addWarning(work, i, spanWarning.missingParent(p))
    } else {
      parent[i] = j
    }
  }
  cutCycles(work, keys, parent)
  for (let i = 0; i < n; i++) if (sharedChild[i] && parent[i] === -1) sharedChild[i] = 0
  return { keys, parent, orphan, sharedChild, orphanCount }
}

interface Keys {
  keys: string[]
  /** Ids whose first holder is a shared server: their primary (client) comes later. */
  primaryOverride: Map<string, number>
  /** Zipkin shared server halves by id. */
  sharedById: Map<string, number[]>
}

/**
 * Only runs when some id repeats. Non-shared holders claim ids first, so a client keeps the plain
 * id even when its server half comes first in the input; later holders become `<id>_1`, `<id>_2`.
 */
function assignKeys(work: WorkSpans, isShared: Uint8Array): Keys {
  const { n, raw, ids, firstById } = work
  const keys = ids.slice()
  const suffixed = new Set<string>()
  const suffixCounter = new Map<string, number>()
  const primaryOverride = new Map<string, number>()
  const sharedById = new Map<string, number[]>()
  const nextKey = (id: string): string => {
    let k = suffixCounter.get(id) ?? 0
    let key: string
    do key = `${id}_${++k}`
    while (firstById.has(key) || suffixed.has(key))
    suffixCounter.set(id, k)
    suffixed.add(key)
    return key
  }
  const hasPrimary = (id: string): boolean => {
    const f = firstById.get(id) as number
    return !isShared[f] || primaryOverride.has(id)
  }
  for (let i = 0; i < n; i++) {
    const id = ids[i] as string
    if (isShared[i] || firstById.get(id) === i) continue
    if (hasPrimary(id)) {
      keys[i] = nextKey(id)
      addWarning(work, i, spanWarning.duplicateId(id, keys[i] as string))
    } else {
      primaryOverride.set(id, i)
    }
  }
  for (let i = 0; i < n; i++) {
    if (!isShared[i]) continue
    const id = ids[i] as string
    const servers = sharedById.get(id)
    const key = hasPrimary(id) || servers ? nextKey(id) : id
    keys[i] = key
    // Several servers may answer one client (fan-out); the same server twice is a duplicate.
    if (servers?.some((j) => sameEndpoint(raw[j] as RawSpan, raw[i] as RawSpan))) {
      addWarning(work, i, spanWarning.duplicateId(id, key))
    }
    if (servers) servers.push(i)
    else sharedById.set(id, [i])
  }
  return { keys, primaryOverride, sharedById }
}

/**
 * The server half a local child belongs to: the one on exactly its endpoint (Lens), else one of
 * its service whose endpoint does not contradict it (yelp.json: a child reports no port while its
 * server half does; Lens would hang it under the other service's client half).
 */
function serverOnSameHost(servers: readonly number[], raw: readonly RawSpan[], child: RawSpan): number | undefined {
  const exact = servers.find((k) => sameEndpoint(raw[k] as RawSpan, child))
  if (exact !== undefined) return exact
  return servers.find((k) => {
    const server = raw[k] as RawSpan
    const a = server.endpoint
    const b = child.endpoint
    const fits = <T>(x: T | undefined, y: T | undefined): boolean => x === undefined || y === undefined || x === y
    return (server.service ?? '') === (child.service ?? '') && fits(a?.ipv4, b?.ipv4) && fits(a?.ipv6, b?.ipv6) && fits(a?.port, b?.port)
  })
}

function sameEndpoint(a: RawSpan, b: RawSpan): boolean {
  const x = a.endpoint
  const y = b.endpoint
  return (
    (a.service ?? '') === (b.service ?? '') &&
    x?.ipv4 === y?.ipv4 &&
    x?.ipv6 === y?.ipv6 &&
    x?.port === y?.port
  )
}

/**
 * Walks each parent chain once (white/grey/black colouring, iteratively). A chain that comes
 * back to a grey span is a cycle: the earliest-starting span of the cycle becomes a root, so the
 * span most likely to be the real entry point heads the tree (jaeger-ui #4320 rendered nothing).
 */
function cutCycles(work: WorkSpans, keys: string[], parent: Int32Array): void {
  const state = new Uint8Array(work.n)
  const path: number[] = []
  for (let i = 0; i < work.n; i++) {
    if (state[i] !== 0) continue
    path.length = 0
    let j = i
    while (j !== -1 && state[j] === 0) {
      state[j] = 1
      path.push(j)
      j = parent[j] as number
    }
    if (j !== -1 && state[j] === 1) {
      const from = path.indexOf(j)
      let victim = j
      for (let k = from; k < path.length; k++) {
        const c = path[k] as number
        if (work.start[c]! < work.start[victim]! || (work.start[c] === work.start[victim] && c < victim)) victim = c
      }
      const cutFrom = parent[victim] as number
      addWarning(work, victim, spanWarning.cycleCut(keys[victim] as string, keys[cutFrom] as string))
      parent[victim] = -1
    }
    for (const p of path) state[p] = 2
  }
}
