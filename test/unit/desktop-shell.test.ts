/**
 * The desktop shell's decisions that need no Electron to check: the menu of an installed app, where
 * "Check for Updates…" leads, which arguments of a launch name something to open, and which folder
 * an opened image or folder becomes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { launchArguments } from '../../electron/launch-arguments.js';
import { menuTemplate, type MenuActions } from '../../electron/menu-template.js';
import { RELEASES_URL } from '../../electron/releases.js';
import { openTargetOf } from '../../src/datasets/dataset-root.js';
import { PROJECT_ROOT } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

/** Every item of a menu template, submenus included. */
function allItems(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}

const actions = (): MenuActions => ({ openDataset: vi.fn(), locateFsl: vi.fn(), checkForUpdates: vi.fn() });

describe('the application menu', () => {
  it.each(['darwin', 'linux', 'win32'] as const)('of an installed app on %s has no developer tools and no reload', (platform) => {
    const roles = allItems(menuTemplate(platform, true, actions())).map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('viewMenu'); // Electron's stock View menu carries "Toggle Developer Tools"
  });

  it('keeps the developer tools while developing', () => {
    expect(allItems(menuTemplate('linux', false, actions())).map((item) => item.role)).toContain('toggleDevTools');
  });

  it('runs the given actions from "Open Dataset…", "Locate FSL…" and "Check for Updates…"', () => {
    const given = actions();
    const byLabel = new Map(allItems(menuTemplate('linux', true, given)).map((item) => [item.label, item]));
    for (const label of ['Open Dataset…', 'Locate FSL…', 'Check for Updates…']) {
      (byLabel.get(label)?.click as (() => void) | undefined)?.();
    }
    expect([given.openDataset, given.locateFsl, given.checkForUpdates].map((action) => vi.mocked(action).mock.calls.length)).toEqual([1, 1, 1]);
  });
});

describe('"Check for Updates…"', () => {
  it('opens the https releases page of the repository named in package.json', () => {
    const { repository } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    const repositoryPage = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(RELEASES_URL).toBe(`${repositoryPage}/releases`);
    expect(new URL(RELEASES_URL).protocol).toBe('https:');
  });
});

describe('what a launch asks to open', () => {
  it('is the positional arguments after the executable, without switches and without the app folder', () => {
    expect(launchArguments(['/opt/Veil/veil-desktop', '--no-sandbox', '/data/head.nii'], '/opt/Veil/resources/app.asar')).toEqual(['/data/head.nii']);
    // Unpackaged, as `veil start` and Playwright run it: switches may come before the app folder.
    expect(launchArguments(['/path/electron', '--inspect=0', '--remote-debugging-port=0', '/src/veil', '/data/study'], '/src/veil')).toEqual(['/data/study']);
    expect(launchArguments(['/path/electron', '/src/veil/', '--allow-file-access-from-files', 'study'], '/src/veil')).toEqual(['study']);
    expect(launchArguments(['/Applications/Veil.app/Contents/MacOS/Veil'], '/Applications/Veil.app/Contents/Resources/app.asar')).toEqual([]);
  });

  it('takes a file:// URL, as a desktop launcher may pass it, as its path', () => {
    expect(launchArguments(['/opt/Veil/veil-desktop', 'file:///data/My%20Study/head.nii.gz'], '/opt/Veil/resources/app.asar')).toEqual(['/data/My Study/head.nii.gz']);
  });

  it('opens a folder as it is, and an image as the dataset it belongs to, then the image', async () => {
    const tmp = await makeTempDir();
    try {
      const anat = path.join(tmp.path, 'study', 'sub-01', 'anat');
      await mkdir(anat, { recursive: true });
      await writeFile(path.join(anat, 'sub-01_T1w.nii.gz'), '');
      await writeFile(path.join(anat, 'sub-01_T1w.json'), '{}');
      expect(await openTargetOf(anat)).toEqual({ folder: anat, image: null });
      const image = path.join(anat, 'sub-01_T1w.nii.gz');
      expect(await openTargetOf(image)).toEqual({ folder: path.join(tmp.path, 'study'), image });
      await expect(openTargetOf(path.join(anat, 'sub-01_T1w.json'))).rejects.toThrow(/NIfTI images/);
      // Passed on as a folder, so that opening it says why it cannot be, as for any dataset.
      expect(await openTargetOf(path.join(anat, 'missing.nii'))).toEqual({ folder: path.join(anat, 'missing.nii'), image: null });
    } finally {
      await tmp.remove();
    }
  });
});
