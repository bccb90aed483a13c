import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { devServerNonce } from './renderer/vite.config';

// Builds the three parts of the desktop app: main, preload (sandboxed, so CommonJS) and the renderer.
export default defineConfig({
  main: {
    build: { outDir: 'out/main', lib: { entry: resolve('electron/main/index.ts') } },
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
