import type { Messages } from './en'
import { logsKo } from './features/logs.ko'
import { metricsKo } from './features/metrics.ko'
import { tracesKo } from './features/traces.ko'
import { sloKo } from './features/slo.ko'

export const ko: Messages = {
  metrics: metricsKo,
  traces: tracesKo,
  slo: sloKo,
  logs: logsKo,
  app: {
    title: 'Traceboard',
    nav: { dependencies: '의존성', overview: '개요', traces: '트레이스', logs: '로그', slos: 'SLO', alerts: '알림', connections: '연결 상태' },
  },
  backend: {
    metrics: '메트릭 (Prometheus)',
    traces: '트레이스 ({kind})',
    logs: '로그 ({flavour})',
    notConfigured: '설정되지 않음',
    checking: '확인 중…',
    reachable: '연결됨',
    retry: '다시 확인',
    version: '버전 {version}',
    preset: '메트릭 규칙: {preset}',
    presetUnknown: '알려진 RED 메트릭 규칙을 찾지 못했습니다 (spanmetrics, OTel HTTP, Micrometer, prom-client…)',
    services: '서비스 {count}개',
    logsLastHour: '최근 1시간 로그 {count}건',
    logsLastHourAtLeast: '최근 1시간 로그 {count}건 이상',
    traceField: '트레이스 ID 필드: {field}',
  },
  failure: {
    network: '{backend}에 연결할 수 없습니다. 네트워크나 게이트웨이를 확인하세요.',
    timeout: '{backend}이(가) {seconds}초 안에 응답하지 않았습니다.',
    cancelled: '{backend} 요청이 취소되었습니다.',
    http: '{backend}이(가) HTTP {status}로 응답했습니다: {message}',
    unauthorized: '{backend}에 대한 권한이 없습니다. 관리자에게 접근 권한을 요청하세요.',
    forbidden: '이 계정으로는 {backend}에 접근할 수 없습니다.',
    rateLimited: '{backend}이(가) 요청을 제한하고 있습니다. 잠시 후 다시 시도하세요.',
    badResponse: '{backend}의 응답을 읽을 수 없습니다 ({path}): {message}',
    backendError: '{backend} 오류 ({type}): {message}',
    invalidInput: '{backend}에 보내지 않았습니다: {message}',
  },
  state: {
    loading: '불러오는 중…',
    empty: '데이터 없음',
    partial: '일부 결과',
    stale: '{age} 전 데이터 (갱신 실패)',
    updatedAgo: '{age} 전 갱신',
  },
  permission: {
    denied: '이 페이지를 볼 권한이 없습니다 ({permission}).',
  },
  notFound: {
    message: '{path} 페이지가 없습니다.',
    toStart: '시작 페이지로 이동',
  },
}
