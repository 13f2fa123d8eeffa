import { fileURLToPath, URL } from 'node:url'
import { defineConfig, mergeConfig } from 'vite'
import base from './vite.config'

// The host demo (a back-office with Traceboard inside) is built from host-demo/ into
// dist-demo/; `npm run demo` serves it. It shares the app's plugins, aliases and dev proxy.
export default mergeConfig(
  base,
  defineConfig({
    root: fileURLToPath(new URL('./host-demo', import.meta.url)),
    build: { outDir: fileURLToPath(new URL('./dist-demo', import.meta.url)), emptyOutDir: true },
  }),
)
