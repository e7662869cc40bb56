import { app, dialog, Menu, shell, type BrowserWindow } from 'electron';
import type { VeilService } from '../src/service/veil-service.js';
import { locateFslInteractively } from './fsl-setup.js';
import { menuTemplate } from './menu-template.js';
import { RELEASES_URL } from './releases.js';

/**
 * Installs the application menu; "Open Dataset…" goes through the same core call as the renderer's
 * button, "Check for Updates…" opens the releases page in the user's browser.
 *
 * @example
 * installMenu(service, mainWindow);
 */
export function installMenu(service: VeilService, window: BrowserWindow): void {
  const template = menuTemplate(process.platform, app.isPackaged, {
    openDataset: async () => {
      const picked = await service.invoke('datasets.pick', {});
      if (!picked.ok) dialog.showErrorBox('Cannot open dataset', picked.error.message);
    },
    locateFsl: () => void locateFslInteractively(window),
    checkForUpdates: () => void shell.openExternal(RELEASES_URL),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({ applicationName: 'Veil', applicationVersion: app.getVersion() });
}
