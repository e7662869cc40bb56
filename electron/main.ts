/**
 * Electron main process: one sandboxed, context-isolated window showing the renderer from
 * `veil://app`, the API contract over IPC, and a native folder picker. Veil's logic lives in src/.
 * One Veil runs at a time: a second launch (a double-clicked image) is handed to the first.
 */
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { BUILT_RENDERER_DIR, PACKAGE_ROOT } from '../src/paths.js';
import { createVeilService } from '../src/service/veil-service.js';
import { applyFslDir } from './fsl-setup.js';
import { wireIpc } from './ipc.js';
import { collectLaunchTargets, type LaunchTargets } from './launch-targets.js';
import { installMenu } from './menu.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol.js';
import { denyAllPermissions, lockDownWebContents } from './security.js';

app.enableSandbox();
registerAppScheme();
lockDownWebContents();

async function createMainWindow(targets: LaunchTargets): Promise<void> {
  let window: BrowserWindow | null = null;
  const service = createVeilService({
    shell: 'electron',
    allowTypedPaths: false,
    pickDirectory: async (purpose) => {
      // A practice project needs a new folder, so that picker offers to create one.
      const options =
        purpose === 'new-practice-project'
          ? { title: 'Choose a new or empty folder for the practice project', properties: ['openDirectory' as const, 'createDirectory' as const, 'promptToCreate' as const] }
          : { title: 'Open dataset', properties: ['openDirectory' as const] };
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });

  window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Veil',
    show: false,
    icon: path.join(PACKAGE_ROOT, 'assets', 'icon.png'),
    webPreferences: {
      preload: path.join(PACKAGE_ROOT, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // An installed Veil has no developer tools: they would open the page and its data to inspection.
      devTools: !app.isPackaged,
      // Middle-click must not open links in new windows (they are denied anyway; this removes the event).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  wireIpc(service, window);
  installMenu(service, window);
  window.once('ready-to-show', () => window?.show());

  // Before the page loads, so it shows the dataset from its first frame.
  await targets.openWith(service, window);
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const targets = collectLaunchTargets();
  // Not awaited: a login shell may take a moment, and FSL is needed only when a batch starts.
  void applyFslDir();
  app.whenReady().then(async () => {
    denyAllPermissions();
    serveRenderer(BUILT_RENDERER_DIR);
    await createMainWindow(targets);
  }).catch((error: unknown) => {
    dialog.showErrorBox('Veil could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
}
