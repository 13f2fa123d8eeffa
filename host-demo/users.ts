import { ref } from 'vue'
import type { Permission } from '@/index'

/** The demo's two accounts: what a real back-office would get from its login session. */
export interface DemoUser {
  id: 'operator' | 'viewer'
  name: string
  permissions: readonly Permission[]
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'operator', name: '김운영 (operator)', permissions: ['metrics:read', 'traces:read', 'logs:read'] },
  { id: 'viewer', name: '이조회 (viewer)', permissions: ['metrics:read', 'traces:read'] },
]

const STORAGE_KEY = 'acme-demo-user'

function initialUser(): DemoUser {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
  return DEMO_USERS.find((u) => u.id === saved) ?? (DEMO_USERS[0] as DemoUser)
}

export const currentUser = ref<DemoUser>(initialUser())

/** Switching accounts is a new login: the page reloads, as a real back-office would. */
export function switchUser(id: DemoUser['id']): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, id)
  globalThis.location?.reload()
}

export function can(permission: Permission): boolean {
  return currentUser.value.permissions.includes(permission)
}
