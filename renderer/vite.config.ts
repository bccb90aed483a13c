import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer as a plain web app (the browser host): `npm run dev:web`, and the build the Chromium tests use.
// electron.vite.config.ts reuses the same settings for the Electron host.
export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: fileURLToPath(new URL('../out/web', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  server: { strictPort: false },
});
