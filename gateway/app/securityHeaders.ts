/**
 * Headers of the app itself (index.html, assets, runtime config).
 * - `script-src 'self'`: no inline script, no eval; the Vite build has none.
 * - `style-src 'self' 'unsafe-inline'`: Vue's `:style` bindings and ECharts set inline style
 *   attributes, and the runtime's scoped-style injection adds <style> tags; inline *styles*
 *   cannot run code, and every script stays locked down, which is what stops stored XSS.
 * - `img-src data: blob:`: ECharts' "save as image" and small inline icons.
 * - `frame-ancestors` from config: which host pages may embed the standalone app.
 */
export function appSecurityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  const csp = [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ')
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
  }
}

/**
 * Headers of every `/api/*` answer, proxied or the gateway's own: backend data opened
 * directly in a tab (an HTML error page, a log line holding `<script>`) renders in a sandbox
 * with no script, no plugin, no same-origin access; never sniffed into HTML; never cached.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `sandbox; default-src 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
}
