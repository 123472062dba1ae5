import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** The web app: sources in web/, built into dist/web, which the server serves at `/`. */
export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    // `npm run dev:web`: the app with hot reload, the API from a running labelloop.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
})
