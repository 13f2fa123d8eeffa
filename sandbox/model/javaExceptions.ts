import type { PlannedError } from './requestPlan'

/**
 * Java-like exceptions for the simulated Spring services: what a back-office team pastes into
 * an incident channel. Frames are invented but shaped like real ones (`\tat pkg.Class.method(File.java:N)`).
 */
function stack(type: string, message: string, frames: readonly string[], cause?: PlannedError): string {
  const head = `${type}: ${message}`
  const body = frames.map((f) => `\tat ${f}`).join('\n')
  const tail = cause ? `\nCaused by: ${cause.stackTrace}` : ''
  return `${head}\n${body}${tail}`
}

function exception(type: string, message: string, frames: readonly string[], cause?: PlannedError): PlannedError {
  return { type, message, stackTrace: stack(type, message, frames, cause) }
}

const SPRING_FRAMES = [
  'org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)',
  'jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
]

export function gatewayTimeout(timeoutMs: number): PlannedError {
  const cause = exception('io.netty.handler.timeout.ReadTimeoutException', `response took longer than ${timeoutMs} ms`, [
    'io.netty.handler.timeout.ReadTimeoutHandler.readTimedOut(ReadTimeoutHandler.java:98)',
    'io.netty.handler.timeout.IdleStateHandler$ReaderIdleTimeoutTask.run(IdleStateHandler.java:505)',
  ])
  return exception(
    'org.springframework.cloud.gateway.support.TimeoutException',
    `Response took longer than timeout: PT${timeoutMs / 1000}S`,
    [
      'org.springframework.cloud.gateway.filter.NettyRoutingFilter.lambda$getResponseTimeout$7(NettyRoutingFilter.java:279)',
      'reactor.core.publisher.FluxOnErrorResume$ResumeSubscriber.onError(FluxOnErrorResume.java:94)',
      'reactor.core.publisher.SerializedSubscriber.onError(SerializedSubscriber.java:124)',
    ],
    cause,
  )
}

export function upstreamFailure(service: string, status: number): PlannedError {
  return exception(
    'org.springframework.web.server.ResponseStatusException',
    `${status} from upstream ${service}`,
    [
      'org.springframework.cloud.gateway.filter.NettyRoutingFilter.lambda$filter$4(NettyRoutingFilter.java:217)',
      'reactor.core.publisher.MonoFlatMap$FlatMapMain.onNext(MonoFlatMap.java:132)',
    ],
  )
}

export function missingColumn(tenant: string): PlannedError {
  const cause = exception('org.postgresql.util.PSQLException', `ERROR: column "discount_code" does not exist\n  Position: 48`, [
    'org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)',
    'org.postgresql.jdbc.PgPreparedStatement.executeQuery(PgPreparedStatement.java:134)',
    'com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery(HikariProxyPreparedStatement.java)',
  ])
  return exception(
    'org.springframework.jdbc.BadSqlGrammarException',
    `PreparedStatementCallback; bad SQL grammar [SELECT id, status, total, discount_code FROM ${tenant}.orders WHERE customer_id = ?]`,
    [
      'org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator.doTranslate(SQLErrorCodeSQLExceptionTranslator.java:246)',
      'org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:732)',
      'com.acme.business.order.OrderRepository.findByCustomer(OrderRepository.java:61)',
      'com.acme.business.order.OrderService.listOrders(OrderService.java:88)',
      'com.acme.business.order.OrderController.list(OrderController.java:42)',
      ...SPRING_FRAMES,
    ],
    cause,
  )
}

export function serializationFailure(): PlannedError {
  const cause = exception(
    'org.postgresql.util.PSQLException',
    'ERROR: could not serialize access due to concurrent update',
    ['org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)'],
  )
  return exception(
    'org.springframework.dao.CannotAcquireLockException',
    'PreparedStatementCallback; SQL [INSERT INTO orders (id, customer_id, total) VALUES (?, ?, ?)]',
    [
      'org.springframework.jdbc.core.JdbcTemplate.update(JdbcTemplate.java:1015)',
      'com.acme.business.order.OrderRepository.insert(OrderRepository.java:97)',
      'com.acme.business.order.OrderService.createOrder(OrderService.java:131)',
      'com.acme.business.order.OrderController.create(OrderController.java:57)',
      ...SPRING_FRAMES,
    ],
    cause,
  )
}

export function externalUnavailable(): PlannedError {
  return exception(
    'org.springframework.web.client.HttpServerErrorException$ServiceUnavailable',
    '503 Service Unavailable from GET http://external-api:8080/v1/rates',
    [
      'org.springframework.web.client.HttpServerErrorException.create(HttpServerErrorException.java:116)',
      'org.springframework.web.client.DefaultResponseErrorHandler.handleError(DefaultResponseErrorHandler.java:183)',
      'com.acme.business.pricing.RatesClient.fetchRates(RatesClient.java:54)',
      'com.acme.business.pricing.PricingService.priceInCustomerCurrency(PricingService.java:37)',
      ...SPRING_FRAMES,
    ],
  )
}

export function tokenExpired(expiredAt: string): PlannedError {
  return exception('io.jsonwebtoken.ExpiredJwtException', `JWT expired at ${expiredAt}. Current time: later`, [
    'io.jsonwebtoken.impl.DefaultJwtParser.parse(DefaultJwtParser.java:682)',
    'com.acme.auth.token.TokenValidator.validate(TokenValidator.java:73)',
    'com.acme.auth.token.TokenController.validate(TokenController.java:29)',
  ])
}

export function rateTableUnavailable(): PlannedError {
  return exception('java.lang.IllegalStateException', 'rate table is being refreshed', [
    'com.partner.rates.RateTable.snapshot(RateTable.java:44)',
    'com.partner.rates.RatesController.rates(RatesController.java:31)',
    ...SPRING_FRAMES,
  ])
}
