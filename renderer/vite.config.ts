import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// The renderer as a plain web app (the browser host): `npm run dev:web`, and the build the Chromium tests use.
// electron.vite.config.ts reuses the same settings for the Electron host.
export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The development server only: Vite injects each stylesheet as a `<style>` element (and React's refresh
 * preamble as an inline script), which index.html's `style-src 'self'` blocks, so the app showed unstyled.
 * Each start of the server gets a nonce of its own; Vite puts it on what it injects (`html.cspNonce`) and the
 * page's policy allows that nonce in style-src and script-src. A build is untouched: its policy stays strict
 * (stylesheets are files), as electron/main/csp.ts and test/unit/host-main.test.ts require.
 */
export function devServerNonce(): Plugin {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'balance-forensics:dev-server-nonce',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml(html) {
      const policy = /(http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/;
      if (!policy.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag');
      return html.replace(policy, (_, head: string, csp: string) => {
        const allowed = csp.replace(/\b(style-src|script-src) 'self'/g, `$1 'self' 'nonce-${nonce}'`);
        return `${head}${allowed}"`;
      });
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), devServerNonce()],
  worker: { format: 'es' },
  build: { outDir: fileURLToPath(new URL('../out/web', import.meta.url)), emptyOutDir: true, target: 'es2022' },
  server: { strictPort: false },
});
