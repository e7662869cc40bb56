import { app, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import type { VeilService } from '../src/service/veil-service.js';

/** The application menu; "Open Dataset…" goes through the same core call as the renderer's button. */
export function installMenu(service: VeilService): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Dataset…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const picked = await service.invoke('datasets.pick', {});
            if (!picked.ok) dialog.showErrorBox('Cannot open dataset', picked.error.message);
          },
        },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({ applicationName: 'Veil', applicationVersion: app.getVersion() });
}
