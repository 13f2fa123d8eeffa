/** The demo company's public API catalogue (what an "OpenAPI 관리" page lists). */
export interface ApiEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  service: string
  owner: string
  deprecated?: boolean
}

export const API_ENDPOINTS: readonly ApiEndpoint[] = [
  { method: 'POST', path: '/auth/validate', service: 'auth-service', owner: '인증팀' },
  { method: 'GET', path: '/orders', service: 'business-service', owner: '주문팀' },
  { method: 'POST', path: '/orders', service: 'business-service', owner: '주문팀' },
  { method: 'GET', path: '/v1/rates', service: 'external-api', owner: '제휴팀', deprecated: true },
  { method: 'GET', path: '/notifications', service: 'notification-worker', owner: '알림팀' },
]
