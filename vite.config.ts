import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Development proxy: the browser talks to same-origin /api/* paths, as it does behind the
// production gateway, so no backend URL or credential ever reaches the browser bundle.
const target = (name: string, fallback: string): string => process.env[name] ?? fallback

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api/metrics': {
        target: target('TB_PROMETHEUS_URL', 'http://127.0.0.1:9090'),
        changeOrigin: true,
        rewrite: (p) => p.replace(/^\/api\/metrics/, ''),
      },
      '/api/traces': {
        target: target('TB_TRACES_URL', 'http://127.0.0.1:9411'),
        changeOrigin: true,
        rewrite: (p) => p.replace(/^\/api\/traces/, ''),
      },
      '/api/logs': {
        target: target('TB_LOGS_URL', 'http://127.0.0.1:9200'),
        changeOrigin: true,
        rewrite: (p) => p.replace(/^\/api\/logs/, ''),
      },
    },
  },
})
