import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { devServerNonce } from './renderer/vite.config';

// Builds the three parts of the desktop app: main, preload (sandboxed, so CommonJS) and the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The main process; the large-quarter engine's utility process; its DuckDB worker thread, which
      // shared/node/duckdb/channel.ts loads from worker.js beside the engine's code.
      lib: {
        entry: {
          index: resolve('electron/main/index.ts'),
          'engine-host': resolve('electron/utility/engine-host.ts'),
          worker: resolve('shared/node/duckdb/worker.ts'),
        },
      },
      // DuckDB's native bindings load from node_modules at run time (worker.ts imports them by name).
      rollupOptions: { external: [/^@duckdb\//] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve('electron/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), devServerNonce()],
    worker: { format: 'es' },
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('renderer/index.html') }, target: 'es2022' },
  },
});
