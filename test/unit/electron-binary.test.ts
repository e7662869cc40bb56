import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateElectronBinary } from '../../src/cli/electron-binary.js';
import { makeTempDir } from '../support/temp-dir.js';

describe('locating the Electron binary without downloading it', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds the executable', async () => {
    const tmp = await makeTempDir();
    const executable = path.join(tmp.path, 'electron');
    await writeFile(executable, '#!/bin/sh\n');
    await chmod(executable, 0o755);
    try {
      expect(locateElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: tmp.path })).toEqual({ available: true, path: executable });
    } finally {
      await tmp.remove();
    }
  });

  it('explains what is missing instead of downloading', async () => {
    const tmp = await makeTempDir();
    try {
      const found = locateElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: tmp.path });
      expect(found).toEqual({ available: false, reason: expect.stringContaining('ELECTRON_OVERRIDE_DIST_PATH has no Electron executable') });
      const plain = locateElectronBinary({});
      if (!plain.available) expect(plain.reason).toMatch(/Electron binary|electron package/);
    } finally {
      await tmp.remove();
    }
  });
});
