// Session-wide guards, set once before any window exists: no permissions, no remote requests, no
// navigation, no new windows, no <webview>.
import { app, session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';

/** Schemes a page of ours may request: its own files and in-memory data. Anything else is remote content. */
function allowedRequest(url: string, devUrl: string | null): boolean {
  if (isAppUrl(url, devUrl)) return true;
  // devtools: the developer tools' own pages; ws: Vite's hot-reload socket in dev only.
  if (/^(blob|data|devtools|chrome-extension):/.test(url)) return true;
  if (devUrl && /^ws:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url)) return true;
  return false;
}

export function lockDownSession(devUrl: string | null): void {
  const ses = session.defaultSession;
  // Camera, microphone, notifications, geolocation, clipboard-read, HID, serial, USB…: the app needs none.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_req, callback) => callback({}));
  // Nothing leaves the laptop: cancel every request that is not to our own files.
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !allowedRequest(details.url, devUrl) }),
  );
}

/** Applied to every WebContents the app ever creates, including ones we did not expect. */
export function guardAllWebContents(devUrl: string | null): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      // In-page navigation of our own app (hash changes) is fine; leaving it is not.
      if (!isAppUrl(url, devUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devUrl)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame && !isAppUrl(event.url, devUrl)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
