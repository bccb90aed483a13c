// The Content-Security-Policy sent with every app:// response. Nothing remote: the app works offline and
// must never load or send anything elsewhere. 'wasm-unsafe-eval' lets sql.js compile its WebAssembly;
// worker-src allows the engine's Web Worker; blob:/data: cover downloads, charts and sql.js's wasm fetch.
// renderer/index.html carries the same policy as a meta tag (for the browser host); test/unit/host-csp
// keeps the two in step.
export const CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data:",
  "form-action 'none'",
  "base-uri 'none'",
  "object-src 'none'",
] as const;

/** frame-ancestors only works as a header (a meta tag ignores it), so it is added here only. */
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** Headers on every app:// response. */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
