/**
 * Electron main process: one sandboxed, context-isolated window showing the renderer from
 * `veil://app`, the API contract over IPC, and a native folder picker. Veil's logic lives in src/.
 */
import { app, BrowserWindow, dialog } from 'electron';
import path from 'node:path';
import { BUILT_RENDERER_DIR, PACKAGE_ROOT } from '../src/paths.js';
import { createVeilService } from '../src/service/veil-service.js';
import { wireIpc } from './ipc.js';
import { installMenu } from './menu.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol.js';
import { denyAllPermissions, lockDownWebContents } from './security.js';

app.enableSandbox();
registerAppScheme();
lockDownWebContents();

/** A dataset folder given on the command line (`veil start DATASET`), the first non-switch argument after the app. */
function datasetArgument(): string | undefined {
  const rest = process.argv.slice(app.isPackaged ? 1 : 2).filter((arg) => !arg.startsWith('-'));
  return rest[0];
}

async function createMainWindow(): Promise<void> {
  let window: BrowserWindow | null = null;
  const service = createVeilService({
    shell: 'electron',
    allowTypedPaths: false,
    pickDirectory: async () => {
      const options = { title: 'Open dataset', properties: ['openDirectory' as const] };
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
      // Middle-click must not open links in new windows (they are denied anyway; this removes the event).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  wireIpc(service, window);
  installMenu(service);
  window.once('ready-to-show', () => window?.show());

  const dataset = datasetArgument();
  if (dataset) {
    const opened = await service.openDataset(path.resolve(dataset));
    if (!opened.ok) dialog.showErrorBox('Cannot open dataset', opened.error.message);
  }
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  denyAllPermissions();
  serveRenderer(BUILT_RENDERER_DIR);
  await createMainWindow();
}).catch((error: unknown) => {
  dialog.showErrorBox('Veil could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});

app.on('window-all-closed', () => app.quit());
