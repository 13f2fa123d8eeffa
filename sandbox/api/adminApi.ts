import type { Sandbox } from '../sandbox'
import { SCENARIO_DESCRIPTIONS, SCENARIOS } from '../model/scenarios'
import { json, type ApiRequest, type ApiResponse } from './apiTypes'

/** `GET /admin/scenario` tells the current scenario; `POST {name}` switches it. */
export function handleAdmin(req: ApiRequest, sandbox: Sandbox): ApiResponse {
  if (req.path !== '/scenario' && req.path !== '/scenario/') return json(404, { error: 'not found' })
  const describe = (): ApiResponse =>
    json(200, { scenario: sandbox.scenario, description: SCENARIO_DESCRIPTIONS[sandbox.scenario], scenarios: SCENARIOS })
  if (req.method === 'GET') return describe()
  if (req.method !== 'POST') return json(405, { error: 'use GET or POST' })
  let name: unknown
  try {
    const body: unknown = JSON.parse(req.body || '{}')
    name = typeof body === 'object' && body !== null ? (body as { name?: unknown }).name : undefined
  } catch {
    return json(400, { error: 'body must be JSON: {"name": "<scenario>"}' })
  }
  if (typeof name !== 'string' || !(SCENARIOS as readonly string[]).includes(name)) {
    return json(400, { error: `unknown scenario ${JSON.stringify(name)}`, scenarios: SCENARIOS })
  }
  sandbox.setScenario(name)
  return describe()
}
