/**
 * A stand-in for an unpacked Linux Electron distribution, so electron-builder can package Veil here
 * (no Electron binary can be downloaded on the build machines). The "binary" is a small file that
 * carries what @electron/fuses looks for: the fuse sentinel, the wire version and length, and one
 * byte per fuse, set as Electron ships them (docs: electronjs.org/docs/latest/tutorial/fuses).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** @electron/fuses finds the fuse wire right after this string in Electron's binary. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Electron's own fuse states, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
 * --inspect on, asar integrity off, only-load-from-asar off, browser V8 snapshot off, file://
 * extra privileges on. '1' is enabled and '0' disabled, as @electron/fuses writes them.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/**
 * Writes the fake distribution into `dir`: the `electron` executable with a fuse wire, and the
 * files electron-builder copies along (LICENSE, version, resources/).
 *
 * @example
 * await writeFakeElectronDist(path.join(tmp, 'electron-dist'));
 * await build({ config: { electronDist: path.join(tmp, 'electron-dist') }, … });
 */
export async function writeFakeElectronDist(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES, 'latin1')]);
  const executable = path.join(dir, 'electron');
  await writeFile(executable, Buffer.concat([Buffer.from('#!/bin/sh\necho "a stand-in for Electron"\nexit 1\n'), wire, Buffer.from('\n')]));
  await chmod(executable, 0o755);
  await writeFile(path.join(dir, 'LICENSE'), 'Electron is MIT licensed; this is a test stand-in.\n');
  await writeFile(path.join(dir, 'version'), 'stand-in');
}
