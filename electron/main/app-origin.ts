// The app's own origin. The renderer is served from app://bf/ (a privileged standard+secure scheme), not
// file://, so it has a real origin that IPC senders and navigations can be checked against.
export const APP_SCHEME = 'app';
export const APP_HOST = 'bf';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Is `url` a page of this app? `devUrl` (electron-vite's dev server, only when not packaged) is trusted too.
 * Node's URL gives "null" as the origin of non-special schemes, so the scheme and host are compared instead.
 */
export function isAppUrl(url: string, devUrl?: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password) return true;
  if (devUrl) {
    try {
      const d = new URL(devUrl);
      return (d.protocol === 'http:' || d.protocol === 'https:') && u.origin === d.origin;
    } catch {
      return false;
    }
  }
  return false;
}
