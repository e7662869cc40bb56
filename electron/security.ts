/**
 * Lock-down that applies to every web contents Veil creates: no navigation away from the app, no new
 * windows, no webviews, no permissions (camera, notifications, …), and IPC only from our own frame.
 */
import { app, session, type WebFrameMain } from 'electron';
import { APP_ORIGIN } from './protocol.js';

/**
 * True when an IPC message comes from the top-level frame of a page served from `veil://app`.
 * Subframes and other origins are refused even if they somehow load in our window.
 */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
