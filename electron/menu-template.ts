/**
 * The application menu as data, so it can be checked without Electron: the actions are passed in.
 * A packaged app has no developer tools and no reload in its View menu.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openDataset(): void;
  locateFsl(): void;
  checkForUpdates(): void;
}

/**
 * The menu for `platform`; `isPackaged` is Electron's `app.isPackaged` (an installed build).
 *
 * @example
 * Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, app.isPackaged, actions)));
 */
export function menuTemplate(platform: NodeJS.Platform, isPackaged: boolean, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const developerItems: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Dataset…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDataset() },
        { label: 'Locate FSL…', click: () => actions.locateFsl() },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [...developerItems, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Check for Updates…', click: () => actions.checkForUpdates() }] },
  ];
}
