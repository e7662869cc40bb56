/**
 * The files and folders a launch of the app names: what follows the app on its command line, without
 * the switches (`--no-sandbox`, and those Chromium adds to a second instance's command line).
 */

/**
 * The positional arguments of an Electron command line. Packaged, argv is `[app, …]`; unpackaged it
 * is `[electron, appFolder, …]`.
 *
 * @example
 * launchArguments(['/opt/Veil/veil-desktop', '--no-sandbox', '/data/head.nii'], true); // ['/data/head.nii']
 * launchArguments(['electron', '/src/veil', '/data/study'], false);                    // ['/data/study']
 */
export function launchArguments(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2).filter((arg) => !arg.startsWith('-'));
}
