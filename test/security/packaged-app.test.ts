/**
 * What `npm run dist` packs, and how it hardens the binary: electron-builder packages the built app
 * for Linux (its `dir` target: the app folder an AppImage or .deb is made from) around a stand-in
 * Electron distribution, since no Electron binary can be downloaded here. The test then reads the
 * app.asar it wrote and the fuse wire it flipped in the stand-in's executable.
 */
import { listPackage, extractFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { Arch, build, Platform } from 'app-builder-lib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_DEFAULT_FUSES, writeFakeElectronDist } from '../support/fake-electron-dist.js';
import { PROJECT_ROOT, requireBuild } from '../support/built-app.js';
import { makeTempDir } from '../support/temp-dir.js';

const manifest = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** A fuse's byte on the wire: the characters '1' and '0' (@electron/fuses' FuseState, which it does not export). */
const ENABLE = 0x31;
const DISABLE = 0x30;

/** The package a bare import names: `zod`, `@niivue/niivue` (from `@niivue/niivue/x`), or null for relative and node: imports. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier === 'electron') return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every module specifier in a compiled ES module: static imports, re-exports and `import()` of a string literal. */
function importsOf(code: string): string[] {
  const found = [...code.matchAll(/(?:^|[;\s])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]/g), ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return found.map((match) => match[1]!);
}

describe('the packaged app (electron-builder, Linux dir target, stand-in Electron)', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let appDir: string;
  let asarFile: string;
  let packed: Set<string>;

  beforeAll(async () => {
    requireBuild();
    tmp = await makeTempDir('veil-package-');
    const electronDist = path.join(tmp.path, 'electron-dist');
    await writeFakeElectronDist(electronDist);
    await build({
      projectDir: PROJECT_ROOT,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      config: { electronDist, directories: { output: path.join(tmp.path, 'out') } },
    });
    appDir = path.join(tmp.path, 'out', 'linux-unpacked');
    asarFile = path.join(appDir, 'resources', 'app.asar');
    // Paths in the archive, as `/dist/src/cli/main.js`, with the platform's separator made `/`.
    packed = new Set(listPackage(asarFile, { isPack: false }).map((entry) => entry.split(path.sep).join('/')));
  }, 180_000);
  afterAll(() => tmp?.remove());

  const read = (entry: string) => extractFile(asarFile, entry.slice(1)).toString('utf8');

  it('packs the main process, the preload, the CLI, the engine and face detection workers, the renderer and the window icon', () => {
    const needed = [
      '/package.json',
      `/${manifest.main}`,
      '/dist/electron/preload.cjs',
      '/dist/src/cli/main.js',
      '/dist/src/engine/worker/native-worker.js',
      '/dist/src/recognizability/views-worker.js',
      '/dist/renderer/index.html',
      '/assets/icon.png',
    ];
    expect(needed.filter((entry) => !packed.has(entry))).toEqual([]);
    expect([...packed].filter((entry) => /^\/dist\/renderer\/assets\/.+\.js$/.test(entry)).length).toBeGreaterThan(0);
    // src/paths.ts finds Veil's root by this package.json's name; the app starts from its main.
    expect(JSON.parse(read('/package.json'))).toMatchObject({ name: 'veil', main: manifest.main });
  });

  it('resolves every import of the packed main-process code inside the archive', () => {
    const missing: string[] = [];
    for (const entry of [...packed].filter((e) => /^\/dist\/(src|electron)\/.+\.c?js$/.test(e))) {
      for (const specifier of importsOf(read(entry))) {
        const name = packageOf(specifier);
        const target = name === null ? path.posix.resolve(path.posix.dirname(entry), specifier) : `/node_modules/${name}/package.json`;
        if (!specifier.startsWith('node:') && specifier !== 'electron' && !packed.has(target)) missing.push(`${entry} → ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('packs every production dependency and no development one', () => {
    for (const name of Object.keys(manifest.dependencies)) expect(packed.has(`/node_modules/${name}/package.json`), name).toBe(true);
    // A development dependency may also be needed at run time by a production one (tfjs-data depends
    // on @types/node through @types/node-fetch): only those may be packed.
    const neededAtRunTime = new Set(
      [...packed]
        .filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/]+\/package\.json$/.test(entry))
        .flatMap((entry) => Object.keys((JSON.parse(read(entry)) as { dependencies?: Record<string, string> }).dependencies ?? {})),
    );
    const devOnly = Object.keys(manifest.devDependencies).filter((name) => packed.has(`/node_modules/${name}/package.json`) && !neededAtRunTime.has(name));
    expect(devOnly).toEqual([]);
  });

  it('leaves out sources, tests, source maps, benchmark output, build tools and the installers themselves', () => {
    const unwanted = [...packed].filter(
      (entry) =>
        /\.(ts|tsx|cts|map)$/.test(entry) && !entry.startsWith('/node_modules/') ||
        /^\/(src|electron|renderer|test|bench-output|\.ci|\.github)(\/|$)/.test(entry) ||
        /^\/assets\/(tools|icons)(\/|$)/.test(entry) ||
        /^\/dist\/(installers|electron\/.*\.d\.ts)(\/|$)/.test(entry),
    );
    expect(unwanted).toEqual([]);
    expect([...packed].filter((entry) => entry.endsWith('.map'))).toEqual([]);
    const topLevel = new Set([...packed].map((entry) => entry.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['assets', 'dist', 'node_modules', 'package.json']);
  });

  it('flips the fuses in the packaged executable: no run-as-node, NODE_OPTIONS or --inspect; app only from an integrity-checked asar; cookies encrypted', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'veil-desktop'));
    const state = (fuse: FuseV1Options) => wire[fuse];
    // The stand-in starts as Electron ships (ELECTRON_DEFAULT_FUSES), so every value below that differs was flipped.
    expect(Object.keys(wire).filter((key) => key !== 'version').length).toBe(ELECTRON_DEFAULT_FUSES.length);
    expect({
      runAsNode: state(FuseV1Options.RunAsNode),
      cookieEncryption: state(FuseV1Options.EnableCookieEncryption),
      nodeOptions: state(FuseV1Options.EnableNodeOptionsEnvironmentVariable),
      cliInspect: state(FuseV1Options.EnableNodeCliInspectArguments),
      asarIntegrity: state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation),
      onlyLoadFromAsar: state(FuseV1Options.OnlyLoadAppFromAsar),
      browserV8Snapshot: state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot),
      fileProtocolPrivileges: state(FuseV1Options.GrantFileProtocolExtraPrivileges),
    }).toEqual({
      runAsNode: DISABLE,
      cookieEncryption: ENABLE,
      nodeOptions: DISABLE,
      cliInspect: DISABLE,
      asarIntegrity: ENABLE,
      onlyLoadFromAsar: ENABLE,
      browserV8Snapshot: DISABLE,
      fileProtocolPrivileges: DISABLE,
    });
  });
});
