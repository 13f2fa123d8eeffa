import { fileURLToPath, URL } from 'node:url'
import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Library build: what a host app installs. Every runtime dependency stays external (the host
// resolves vue, vue-router, pinia, axios, echarts… once); views stay lazy chunks so installing
// Traceboard adds little to the host's entry.
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}
const externals = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]
const isExternal = (id: string): boolean => externals.some((dep) => id === dep || id.startsWith(`${dep}/`))

export default defineConfig({
  // Relative asset URLs: the trace worker is found beside the module that starts it, wherever
  // the host serves the package from (an absolute /assets/… pointed at the host's own folder).
  base: './',
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist/lib',
    emptyOutDir: true,
    cssCodeSplit: false,
    lib: {
      entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: 'traceboard',
      cssFileName: 'traceboard',
    },
    rollupOptions: {
      external: isExternal,
      // One file per source module: a host's bundler then drops every module it does not
      // use (the trace-file parser, the clients…) instead of whole shared chunks.
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
})
