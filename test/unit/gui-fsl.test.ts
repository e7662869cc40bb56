/**
 * How the desktop app finds FSL without the shell's environment: the folder stored in its settings,
 * the environment, or a login shell that reads the user's profile (run here with a temporary HOME).
 */
import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guiFslDir } from '../../src/engine/fsl/gui-fsldir.js';
import { probeLoginShellFslDir } from '../../src/engine/fsl/login-shell-fsldir.js';
import { readAppSettings, writeAppSettings } from '../../src/settings/app-settings.js';
import { makeTempDir } from '../support/temp-dir.js';

let home: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  home = await makeTempDir('veil-home-');
});
afterEach(() => home.remove());

/** zsh where it is installed (`apt-get install zsh`; .ci/run does): the .zshrc case is skipped without it. */
const zsh = ['/bin/zsh', '/usr/bin/zsh'].find((candidate) => existsSync(candidate));
if (zsh === undefined) console.warn('Skipping the .zshrc case of the login-shell probe: zsh is not installed.');

/** A clean environment for a shell started as the user whose home is the temporary folder. */
const userEnv = () => ({ HOME: home.path, PATH: '/usr/bin:/bin' });

describe('FSLDIR from the login shell', () => {
  it('is what the profile exports, even when the profile prints a banner', async () => {
    await writeFile(path.join(home.path, '.bash_profile'), 'echo "Welcome to the cluster"\nFSLDIR=/opt/fsl-6.0.7\nexport FSLDIR\n');
    expect(await probeLoginShellFslDir({ shell: '/bin/bash', env: userEnv() })).toBe('/opt/fsl-6.0.7');
  });

  // zsh is macOS's login shell, and .zshrc (read by interactive shells only) is where many users put FSLDIR.
  it.skipIf(zsh === undefined)('is found in .zshrc too: the shell is asked as an interactive one', async () => {
    await writeFile(path.join(home.path, '.zshrc'), 'export FSLDIR="$HOME/fsl"\n');
    expect(await probeLoginShellFslDir({ shell: zsh, env: userEnv() })).toBe(path.join(home.path, 'fsl'));
  });

  it('is undefined when the profile sets none', async () => {
    expect(await probeLoginShellFslDir({ shell: '/bin/bash', env: userEnv() })).toBeUndefined();
  });

  it('is given up on when the shell hangs, and when it cannot start', async () => {
    const hanging = path.join(home.path, 'hanging-shell');
    await writeFile(hanging, '#!/bin/sh\nexec sleep 30\n');
    await chmod(hanging, 0o755);
    const started = Date.now();
    expect(await probeLoginShellFslDir({ shell: hanging, env: userEnv(), timeoutMs: 300 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await probeLoginShellFslDir({ shell: path.join(home.path, 'no-such-shell'), env: userEnv() })).toBeUndefined();
  });
});

describe('the FSLDIR the desktop app uses', () => {
  const never = async () => {
    throw new Error('the login shell must not be asked');
  };

  it('is the folder chosen in the app first, then the environment, then the login shell', async () => {
    expect(await guiFslDir({ settingsFslDir: '/chosen', env: { FSLDIR: '/env' }, probeLoginShell: never })).toEqual({ fslDir: '/chosen', source: 'settings' });
    expect(await guiFslDir({ env: { FSLDIR: '/env' }, probeLoginShell: never })).toEqual({ fslDir: '/env', source: 'environment' });
    expect(await guiFslDir({ env: {}, probeLoginShell: async () => '/profile' })).toEqual({ fslDir: '/profile', source: 'login shell' });
    expect(await guiFslDir({ env: {}, probeLoginShell: async () => undefined })).toBeNull();
  });
});

describe('the app settings file', () => {
  it('is empty before anything is stored, and keeps the FSL folder once stored', async () => {
    const file = path.join(home.path, 'Veil', 'settings.json');
    expect(await readAppSettings(file)).toEqual({});
    await writeAppSettings(file, { fslDir: '/usr/local/fsl' });
    expect(await readAppSettings(file)).toEqual({ fslDir: '/usr/local/fsl' });
  });

  it('reports a file that is not JSON or not Veil’s settings instead of forgetting it', async () => {
    const file = path.join(home.path, 'settings.json');
    await writeFile(file, '{"fslDir": ');
    await expect(readAppSettings(file)).rejects.toThrow(/not JSON/);
    await writeFile(file, '{"fslDir": 7}');
    await expect(readAppSettings(file)).rejects.toThrow(/does not hold Veil's settings/);
  });
});
