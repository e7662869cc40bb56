/**
 * What the desktop app is asked to open, however it is asked: on its command line, by a second launch
 * (Windows and Linux file managers start the app again with the double-clicked file; the single-instance
 * lock hands that command line to the running app), or by macOS's `open-file` event (Finder), which can
 * come before the window exists. A NIfTI image opens the dataset it belongs to, and then Compare on it.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import type { VeilService } from '../src/service/veil-service.js';
import { launchArguments } from './launch-arguments.js';

export interface LaunchTargets {
  /**
   * Opens the targets received so far (resolving when they are open) and every later one as it comes,
   * bringing `window` to the front.
   */
  openWith(service: VeilService, window: BrowserWindow): Promise<void>;
}

/**
 * Starts collecting launch targets: this launch's arguments, then `open-file` and `second-instance`.
 * Call before `app.whenReady()`, or Finder's first `open-file` is lost.
 *
 * @example
 * const targets = collectLaunchTargets();
 * app.whenReady().then(async () => { …; await targets.openWith(service, window); });
 */
export function collectLaunchTargets(): LaunchTargets {
  const pending = launchArguments(process.argv, app.getAppPath()).map((arg) => path.resolve(arg));
  let open: ((target: string) => Promise<void>) | null = null;
  const receive = (target: string): void => {
    if (open) void open(target);
    else pending.push(target);
  };

  app.on('open-file', (event, file) => {
    event.preventDefault();
    receive(file);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const arg of launchArguments(argv, app.getAppPath())) receive(path.resolve(workingDirectory, arg));
  });

  return {
    openWith: async (service, window) => {
      open = async (target) => {
        if (window.isMinimized()) window.restore();
        window.focus();
        const opened = await service.openTarget(target);
        if (!opened.ok) dialog.showErrorBox('Cannot open', opened.error.message);
      };
      for (const target of pending.splice(0)) await open(target);
    },
  };
}
