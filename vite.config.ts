import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// Development proxy: the browser talks to same-origin /api/* paths, as it does behind the
// production gateway, so no backend URL or credential ever reaches the browser bundle.
const target = (name: string, fallback: string): string => process.env[name] ?? fallback

/**
 * V8's explicit compile hint (Chrome 136+): every function of a chunk is compiled while the chunk
 * loads (off the main thread, during the network wait) instead of lazily on its first call. On a
 * first visit that lazy compiling was most of the trace page's first mount after its data
 * arrived (built → rows 74–140 ms at 1k spans, 51–72 ms with the hint; `npm run bench
 * waterfall`). Not for ECharts (645 KB, most of it never called). Added after minification,
 * which drops comments; other browsers ignore it.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n'

function compileHints(): Plugin {
  return {
    name: 'traceboard:compile-hints',
    apply: 'build',
    generateBundle: {
      // Last: Vite's preload helper puts its dependency map at the top of chunks that import
      // others, and the hint must come before it.
      order: 'post',
      handler(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk' && !chunk.fileName.includes('echarts')) chunk.code = COMPILE_HINT + chunk.code
        }
      },
    },
  }
}

export default defineConfig({
  plugins: [vue(), compileHints()],
  build: {
    rolldownOptions: {
      output: {
        // Fewer, larger chunks. Left to itself the bundler cut every module shared by two views
        // into a chunk of its own: a cold trace link fetched about 36 files, six at a time over
        // HTTP/1.1, and the last arrived 250 ms after the first. Shared modules are now grouped
        // by the set of views that use them, small sets merged into neighbours, so a view runs
        // little code it does not need (one chunk for all shared code slowed the overview's
        // render after data from 62–76 to 74–97 ms: every view ran the others' top levels).
        // Cold 1k trace → rows 654 → 576 ms, 10k 800 → 744 ms (`npm run bench waterfall`).
        codeSplitting: {
          groups: [
            { name: 'host', tags: ['$initial'], priority: 2 },
            {
              name: 'shared',
              // ECharts stays one lazy chunk, fetched only by the views that draw charts.
              test: (id: string) => !/echarts|zrender|tslib|Chart\.vue/.test(id),
              minShareCount: 2,
              priority: 1,
              entriesAware: true,
              entriesAwareMergeThreshold: 24 * 1024,
            },
          ],
        },
      },
    },
  },
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
