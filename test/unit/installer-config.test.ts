/**
 * The installer configuration (package.json "build"), loaded and validated by electron-builder's own
 * code (app-builder-lib), and checked for what issue #8 asks of the installers. Building them needs
 * Electron and platform tools that cannot be downloaded here; test/security/packaged-app.test.ts
 * packages the app itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/built-app.js';

/** electron-builder's debug logger, switched off: validation reports through thrown errors. */
const quietLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

/** A target list as electron-builder allows it (names or `{target, arch}`), as `{name: archs}`. */
function targetsOf(targets: unknown): Record<string, string[]> {
  const list = (Array.isArray(targets) ? targets : [targets]) as (string | { target: string; arch?: string | string[] })[];
  return Object.fromEntries(list.map((t) => (typeof t === 'string' ? [t, []] : [t.target, [t.arch ?? []].flat()])));
}

describe('the installer configuration', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(PROJECT_ROOT, null, null);
  });

  it('is loaded from package.json and accepted by electron-builder’s schema', async () => {
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Veil');
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('is refused by that validation when an option is misspelt (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, electronFuse: { runAsNode: false } } as Configuration, quietLogger)).rejects.toThrow(/electronFuse/);
  });

  it('builds AppImage and .deb on Linux, .dmg for Intel and Apple silicon, an NSIS installer on Windows', () => {
    expect(targetsOf(config.linux?.target)).toEqual({ AppImage: [], deb: [] });
    expect(targetsOf(config.mac?.target)).toEqual({ dmg: ['x64', 'arm64'] });
    expect(targetsOf(config.win?.target)).toEqual({ nsis: ['x64'] });
  });

  it('flips every Electron fuse explicitly, to the hardened setting', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('opens .nii and .nii.gz files with Veil, with a MIME type for Linux desktops', () => {
    const associations = [config.fileAssociations ?? []].flat();
    expect(associations.map((a) => [a.ext, a.mimeType, a.role])).toEqual([
      ['nii', 'application/x-nifti', 'Viewer'],
      ['nii.gz', 'application/x-nifti-gz', 'Viewer'],
    ]);
    // %F: Linux desktop launchers pass the opened files as paths (electron-builder's default, %U, passes URLs).
    expect(config.linux?.executableArgs).toEqual(['%F']);
  });

  it('names icons that exist: the PNG set for Linux, .icns for macOS, .ico for Windows', () => {
    const icons = [config.linux?.icon, config.mac?.icon, config.win?.icon];
    expect(icons).toEqual(['assets/icons', 'assets/icons/icon.icns', 'assets/icons/icon.ico']);
    for (const icon of icons) expect(existsSync(path.join(PROJECT_ROOT, icon ?? 'missing'))).toBe(true);
  });

  it('is run by `npm run dist`, which builds the app first and never publishes from a developer machine', () => {
    const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.dist).toBe('npm run build && electron-builder --publish never');
  });
});
