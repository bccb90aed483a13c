// Serves the renderer over app://bf/ instead of file://: file:// pages can read any local file the user can,
// while app:// serves only the files inside out/renderer, each with the CSP header.
import { protocol } from 'electron';
import { readFile, realpath } from 'node:fs/promises';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { SECURITY_HEADERS } from './csp';
import { contentType, isInside, resolveInside } from './safe-path';

/** Must run before app 'ready': standard (real origin, relative URLs) and secure (like https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // supportFetchAPI: sql.js fetches its wasm; codeCache speeds up the second start.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

function refuse(status: number, why: string): Response {
  return new Response(why, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export function serveRenderer(rendererDir: string): void {
  let realRoot: Promise<string> | null = null;
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return refuse(404, 'Not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const file = resolveInside(rendererDir, url.pathname);
    if (!file) return refuse(403, 'Forbidden');
    try {
      realRoot ??= realpath(rendererDir);
      // A symlink inside the build must not lead outside it either.
      if (!isInside(await realRoot, await realpath(file))) return refuse(403, 'Forbidden');
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { ...SECURITY_HEADERS, 'Content-Type': contentType(file), 'Cache-Control': 'no-cache' },
      });
    } catch {
      return refuse(404, 'Not found');
    }
  });
}
