/**
 * The files and folders a launch of the app names: what follows the executable on its command line,
 * without switches (`--no-sandbox`, the ones Chromium adds to a second instance's command line, or
 * `--inspect=0` that Playwright puts first) and without the app folder an unpackaged run names.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The targets in an Electron command line; `appPath` is `app.getAppPath()` (the app folder that
 * `electron <folder>` names when unpackaged; inside the installation when packaged, never in argv).
 * `file://` URLs become paths: desktop launchers hand over files as URLs when asked for `%U`.
 *
 * @example
 * launchArguments(['/opt/Veil/veil-desktop', '--no-sandbox', '/data/head.nii'], '/opt/Veil/resources/app.asar'); // ['/data/head.nii']
 * launchArguments(['electron', '--inspect=0', '/src/veil', '/data/study'], '/src/veil');                          // ['/data/study']
 */
export function launchArguments(argv: readonly string[], appPath: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-'))
    .map((arg) => (arg.startsWith('file://') ? fileURLToPath(arg) : arg))
    .filter((arg) => path.resolve(arg) !== path.resolve(appPath));
}
