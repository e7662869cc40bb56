/**
 * FSL for the desktop app: FSLDIR from the app's settings, the environment or the login shell (see
 * src/engine/fsl/gui-fsldir.ts), put into this process's environment where the FSL engine reads it;
 * and "Locate FSL…", which stores a folder the user picks once it holds fsl_deface.
 */
import { app, dialog, type BrowserWindow } from 'electron';
import path from 'node:path';
import { guiFslDir } from '../src/engine/fsl/gui-fsldir.js';
import { locateFslDeface } from '../src/engine/fsl/locate-fsl.js';
import { probeLoginShellFslDir } from '../src/engine/fsl/login-shell-fsldir.js';
import { readAppSettings, writeAppSettings } from '../src/settings/app-settings.js';

/** `settings.json` in the user's application-data folder (e.g. `~/Library/Application Support/Veil`). */
function settingsFile(): string {
  return path.join(app.getPath('userData'), 'settings.json');
}

/**
 * Sets `process.env.FSLDIR` for the FSL engine when the settings, the environment or the login shell
 * name one; never throws (the app runs with Veil's own engine without FSL).
 *
 * @example
 * void applyFslDir(); // at start-up, without waiting: the login shell may take a moment
 */
export async function applyFslDir(): Promise<void> {
  try {
    const settings = await readAppSettings(settingsFile());
    const found = await guiFslDir({
      settingsFslDir: settings.fslDir,
      env: process.env,
      probeLoginShell: () => probeLoginShellFslDir({ env: process.env }),
    });
    if (found) {
      process.env.FSLDIR = found.fslDir;
      console.log(`Veil: FSLDIR=${found.fslDir} (from the ${found.source})`);
    }
  } catch (error) {
    console.error(`Veil: FSL settings not applied: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * "Locate FSL…": asks for the FSL folder, checks that it holds `bin/fsl_deface`, stores it in the
 * settings and uses it from now on; says what it found either way.
 *
 * @example
 * { label: 'Locate FSL…', click: () => void locateFslInteractively(mainWindow) }
 */
export async function locateFslInteractively(window: BrowserWindow | undefined): Promise<void> {
  const options = { title: 'Locate FSL: the folder FSLDIR names (it holds bin/fsl_deface)', properties: ['openDirectory' as const] };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const fslDir = picked.canceled ? undefined : picked.filePaths[0];
  if (!fslDir) return;
  // Only this folder: an empty PATH keeps a different fsl_deface elsewhere from passing the check.
  const found = await locateFslDeface({ env: { FSLDIR: fslDir, PATH: '' } });
  if ('reason' in found) {
    dialog.showErrorBox('Not an FSL folder', `${fslDir} has no executable bin/fsl_deface.`);
    return;
  }
  const file = settingsFile();
  await writeAppSettings(file, { ...(await readAppSettings(file).catch(() => ({}))), fslDir });
  process.env.FSLDIR = fslDir;
  await dialog.showMessageBox({ type: 'info', message: `Veil will use FSL ${found.version} in ${fslDir}.` });
}
